package org.chaekieum.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the pieces of a built project are: the packaged services and the classpath the Kafka broker runs from.
 *
 * @param root the project root (the directory of the root {@code pom.xml})
 */
public record FederationLayout(Path root) {

    /** System property naming the project root; surefire sets it, the launcher may. */
    public static final String ROOT_PROPERTY = "federation.root";

    public FederationLayout {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The root from {@value #ROOT_PROPERTY}; otherwise the current directory when it holds {@code deploy/}, else its
     * parent (tests run in {@code deploy/}).
     */
    public static FederationLayout detect() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return new FederationLayout(Path.of(configured));
        }
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(cwd.resolve("deploy").resolve("pom.xml"))) {
            return new FederationLayout(cwd);
        }
        Path parent = cwd.getParent();
        return new FederationLayout(parent != null ? parent : cwd);
    }

    public Path hubJar() {
        return root.resolve("national-hub/target/quarkus-app/quarkus-run.jar");
    }

    public Path regionalCenterJar() {
        return root.resolve("regional-center/target/quarkus-app/quarkus-run.jar");
    }

    /** The SIP2 gateway for self-check kiosks (module ils-adapter). */
    public Path gatewayJar() {
        return root.resolve("ils-adapter/target/quarkus-app/quarkus-run.jar");
    }

    public Path deployTarget() {
        return root.resolve("deploy/target");
    }

    /** The default work directory of the local run (git-ignored). */
    public Path localWorkDir() {
        return root.resolve(".local-federation");
    }

    /**
     * The classpath the Kafka broker runs from: {@code deploy/target/runtime.classpath} (written by the
     * maven-dependency-plugin at generate-resources) plus {@code deploy/target/classes}.
     */
    /** The Keycloak distribution zip Maven resolved for the deploy module ({@code target/keycloak.path}). */
    public Path keycloakDistribution() {
        Path file = deployTarget().resolve("keycloak.path");
        try {
            String path = Files.readString(file).trim();
            if (path.isEmpty() || !Files.exists(Path.of(path))) {
                throw new IllegalStateException("no Keycloak distribution at '" + path + "': run ./mvnw package first");
            }
            return Path.of(path);
        } catch (IOException e) {
            throw new IllegalStateException(file + " is missing: run ./mvnw package first", e);
        }
    }

    public List<Path> brokerClasspath() {
        Path file = deployTarget().resolve("runtime.classpath");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build the deploy module first ("
                    + "./mvnw -B -DskipTests package)");
        }
        try {
            List<Path> entries = new ArrayList<>();
            for (String entry : Files.readString(file).trim().split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(Path.of(entry.trim()));
                }
            }
            entries.add(deployTarget().resolve("classes"));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with a message that says how to build, when a packaged service is missing. */
    public static void requirePackaged(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the services first "
                    + "(./mvnw -B -DskipTests package)");
        }
    }
}
