package org.chaekieum.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * One operating-system process started from a fixed command line, its standard output and error appended to a log
 * file. It can be started again after it stopped. Not a public API: {@link KafkaBroker} and {@link ServiceProcess}
 * build on it.
 */
final class ChildProcess {

    /** Marker on every child's command line, so that a stray child can be told apart from anything else. */
    static final String MARKER_PROPERTY = "-Dchaekieum.federation.child=";

    private final String name;
    private final List<String> command;
    private final Path workDir;
    private final Path logFile;
    private volatile Process process;

    private final Map<String, String> environment;

    ChildProcess(String name, List<String> command, Path workDir, Path logFile) {
        this(name, command, workDir, logFile, Map.of());
    }

    /** As above, with environment variables added to the child's (secrets go here, not on the command line). */
    ChildProcess(String name, List<String> command, Path workDir, Path logFile, Map<String, String> environment) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.logFile = logFile;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Stops processes left over by an earlier run in the same work directory whose launcher was killed without its
     * shutdown hook (e.g. {@code kill -9}): children carrying this work directory's marker, and the PostgreSQL server
     * of {@code <workDir>/postgres}. Nothing else is touched.
     */
    static void stopStrays(Path workDir) {
        String dir = workDir.toAbsolutePath().normalize().toString();
        Pattern child = Pattern.compile(
                Pattern.quote(MARKER_PROPERTY + dir) + "(/kafka|/keycloak)?(\\s|$)");
        String postgresData = " -D " + dir + File.separator + "postgres ";
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> strays = ProcessHandle.allProcesses()
                .filter(handle -> handle.pid() != self)
                .filter(handle -> handle.info().commandLine()
                        .map(line -> child.matcher(line).find() || (line.contains("postgres") && (line + " ").contains(postgresData)))
                        .orElse(false))
                .toList();
        for (ProcessHandle stray : strays) {
            System.out.println("[federation] stopping a leftover process of an earlier run: pid " + stray.pid() + " "
                    + stray.info().command().orElse(""));
            stray.destroy();
        }
        for (ProcessHandle stray : strays) {
            try {
                stray.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                stray.destroyForcibly();
            }
        }
    }

    /** The {@code java} of the running JVM. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    List<String> command() {
        return command;
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + pid() + ")");
        }
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.writeString(logFile, "==== " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                            + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Runs the command to its end; fails when it does not exit with 0 in time. */
    void runToCompletion(Duration timeout) {
        start();
        Process p = process;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw failure(name + " did not finish within " + timeout);
            }
            if (p.exitValue() != 0) {
                throw failure(name + " exited with " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + name, e);
        } finally {
            process = null;
        }
    }

    /**
     * Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it. Returns when it has exited. Safe
     * to call when it is not running.
     */
    void stop(Duration grace) {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        awaitExit(p, grace);
        process = null;
    }

    /**
     * Kills the process and every process it started at once (SIGKILL on the whole tree, children first), as a
     * crash of the machine's process would, and waits for all of them to be gone. Nothing runs a shutdown hook.
     */
    void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        awaitExit(p, Duration.ofSeconds(30));
        for (ProcessHandle descendant : descendants) {
            try {
                descendant.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                // reported by the caller's next start, which needs the port free
            }
        }
        process = null;
    }

    private void awaitExit(Process p, Duration grace) {
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /**
     * Polls {@code ready} until it holds. Between polls it waits for the process to exit (never longer than
     * {@code interval}), so a child that dies is reported at once, with its last log lines.
     */
    void awaitReady(Duration timeout, Duration interval, String what, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw failure(name + " exited" + (p == null ? "" : " with " + p.exitValue()) + " before " + what);
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw failure(name + " was not " + what + " within " + timeout.toSeconds() + " s");
            }
            try {
                p.onExit().get(interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still running: poll again
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    /** The last lines of the log file. */
    String tail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log)";
            }
            List<String> all = List.of(new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).split("\\R"));
            return String.join(System.lineSeparator(), new ArrayList<>(all.subList(Math.max(0, all.size() - lines),
                    all.size())));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    IllegalStateException failure(String message) {
        return new IllegalStateException(message + "; log " + logFile + ", last lines:" + System.lineSeparator()
                + tail(40));
    }

    @Override
    public String toString() {
        return name;
    }
}
