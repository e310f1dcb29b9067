package org.chaekieum.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets of the local run stay with the user who runs it: a service's database password and client secret never on
 * its command line (which {@code ps} shows every local user) nor in its log, and the file of generated secrets readable
 * by its owner only from the moment it exists.
 */
class LocalSecretsTest {

    @TempDir
    Path dir;

    @Test
    void aStartedServiceCarriesNoPasswordOnItsCommandLine() throws IOException, URISyntaxException {
        String password = "db-pw-" + UUID.randomUUID();
        String secret = "client-secret-" + UUID.randomUUID();
        Path jar = idleServiceJar();
        ServiceProcess service = new ServiceProcess("secrets-check", jar, Ports.free(),
                Map.of("quarkus.datasource.password", password, "quarkus.oidc-client.credentials.secret", secret,
                        "chaekieum.region.id", "seoul"),
                List.of("-Xmx32m"), dir);
        try {
            service.launch();
            ProcessHandle process = await("the service's JVM runs").atMost(Duration.ofSeconds(30))
                    .until(() -> find(jar), Optional::isPresent).orElseThrow();
            String commandLine = process.info().commandLine().orElseThrow();
            assertThat(commandLine).contains("-Dchaekieum.region.id=seoul")
                    .doesNotContain(password).doesNotContain(secret);
            assertThat(Files.readString(service.logFile())).doesNotContain(password).doesNotContain(secret);
            // The settings reach the service through its environment instead (MicroProfile Config reads them there).
            String environment = new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()),
                    "environ")), StandardCharsets.UTF_8);
            assertThat(environment.split("\0")).contains("QUARKUS_DATASOURCE_PASSWORD=" + password,
                    "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET=" + secret);
        } finally {
            service.close();
        }
    }

    @Test
    void theSecretsFileIsTheOwnersOnlyFromItsCreation() throws IOException {
        Path file = dir.resolve("client-secrets.env");
        Map<String, String> secrets = Map.of("CHAEKIEUM_SECRET_ILS_SEOUL_DEMO", "s3cr3t-" + UUID.randomUUID());

        LocalFederation.writeSecrets(file, secrets);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("CHAEKIEUM_SECRET_ILS_SEOUL_DEMO=" + secrets.values().iterator()
                .next());

        // A file left from an earlier run that others could read (here, through a second link to it) is replaced by a
        // new one: the secrets are never written into a file that is readable by others, even for a moment.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path otherLink = dir.resolve("readable-by-others.env");
        Files.createLink(otherLink, file);
        Map<String, String> next = Map.of("CHAEKIEUM_SECRET_ILS_SEOUL_DEMO", "next-" + UUID.randomUUID());

        LocalFederation.writeSecrets(file, next);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains(next.values().iterator().next());
        assertThat(Files.readString(otherLink)).doesNotContain(next.values().iterator().next());
    }

    /** A jar that runs {@link IdleService} from this module's test classes, standing in for {@code quarkus-run.jar}. */
    private Path idleServiceJar() throws IOException, URISyntaxException {
        Path classes = Path.of(IdleService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, IdleService.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        Path jar = dir.resolve("idle-" + UUID.randomUUID() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    /** The running JVM started with this jar. */
    private static Optional<ProcessHandle> find(Path jar) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains("-jar " + jar.toAbsolutePath()))
                        .orElse(false))
                .findFirst();
    }
}
