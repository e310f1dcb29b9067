package org.chaekieum.deploy.bench;

import static org.chaekieum.deploy.bench.Bench.log;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.chaekieum.deploy.LocalPostgres;

/** pgbench, the benchmarks' hardware baseline: finding its binary and running it against the federation's server. */
final class Pgbench {

    private Pgbench() {
    }

    /** Runs pgbench to its end (bounded), echoing its output; null when it failed. */
    static String run(LocalPostgres postgres, List<String> command, Duration timeout) {
        log("$ %s", String.join(" ", command));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", postgres.password());
            if (postgres.tls() != null) {
                // As the services connect: over TLS, the server's certificate verified against the run's CA.
                builder.environment().put("PGSSLMODE", "verify-full");
                builder.environment().put("PGSSLROOTCERT", postgres.tls().caCertificate().toAbsolutePath().toString());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append("(output unreadable: ").append(e).append(')');
                }
            }, "pgbench-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                log("pgbench: did not finish within %s", timeout);
                return null;
            }
            reader.join(5_000);
            String text = output.toString();
            text.lines().forEach(line -> System.out.println("    " + line));
            if (process.exitValue() != 0) {
                log("pgbench: exited with %d", process.exitValue());
                return null;
            }
            return text;
        } catch (IOException e) {
            log("pgbench: could not run: %s", e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The embedded server's own bin directory when it ships pgbench, else the system's PostgreSQL 15 (or any
     * /usr/lib/postgresql version), else {@code pgbench} on the PATH.
     */
    static Optional<Path> find(Path workDir) {
        String dataDir = workDir.toAbsolutePath().normalize().resolve("postgres").toString();
        Optional<Path> embedded = ProcessHandle.allProcesses()
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(dataDir)).orElse(false))
                .map(handle -> handle.info().command().orElse(""))
                .filter(command -> command.endsWith("/postgres"))
                .map(command -> Path.of(command).resolveSibling("pgbench"))
                .filter(Files::isExecutable)
                .findFirst();
        if (embedded.isPresent()) {
            return embedded;
        }
        log("pgbench: the embedded PostgreSQL's bin directory has none; trying the system's");
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/lib/postgresql/15/bin/pgbench")));
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(Comparator.reverseOrder())
                    .forEach(version -> candidates.add(version.resolve("bin/pgbench")));
        } catch (IOException e) {
            // no system PostgreSQL
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "pgbench"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** {@link #find}, saying so in the log when no binary is found. */
    static Optional<Path> binary(Path workDir) {
        Optional<Path> binary = find(workDir);
        if (binary.isEmpty()) {
            log("pgbench: no binary found (looked beside the embedded server and in /usr/lib/postgresql/*/bin, PATH)");
        }
        return binary;
    }

    /** Drops and creates {@code database} on the federation's server for a run of pgbench; false (logged) if not. */
    static boolean freshDatabase(LocalPostgres postgres, String database) {
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database);
            return true;
        } catch (SQLException e) {
            log("pgbench: could not create database %s: %s", database, e.getMessage());
            return false;
        }
    }
}
