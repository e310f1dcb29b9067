package org.chaekieum.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) as a child process, configured through
 * {@code -D} system properties, except secrets: a setting whose name ends in {@code password}, {@code secret} or
 * {@code key} (e.g. {@code quarkus.datasource.password}) goes into the child's environment under MicroProfile Config's
 * name for it ({@code QUARKUS_DATASOURCE_PASSWORD}), as the process's command line is shown to every local user
 * ({@code ps}) and written to its log. {@link #start()} returns once {@code /q/health/ready} answers 200;
 * {@link #stop()} and {@link #start()} again restart it with the same settings.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Three service JVMs share one small machine in the local run: C1 only ({@code TieredStopAtLevel=1}). Measured on 2
     * cores, the C2 compilers of three JVMs took about a quarter of each JVM's CPU for minutes under load, and C1 only
     * doubled the federation's checkouts/s (./bench-circulation.sh). A production replica with its own cores keeps the
     * JVM's default tiered compilation (deploy/k8s).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    /**
     * The log file is UTF-8 whatever the machine's locale (under a POSIX locale the JVM would write Korean text as
     * {@code ?}, which would also blind the end-to-end log scan for personal data).
     */
    static final List<String> LOG_ENCODING_OPTIONS = List.of("-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8",
            "-Dsun.stderr.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8");
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = LocalTrust.httpClient().connectTimeout(Duration.ofSeconds(2)).build();
    /** The setting that makes a service serve HTTPS on its port ({@link Federation} passes it with the certificate). */
    static final String HTTPS_PORT = "quarkus.http.ssl-port";
    /** Names of settings that are secrets (the last part of the name, quoted or not). */
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|key)\"?");

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    private final ChildProcess process;
    private Duration readyTimeout = DEFAULT_READY_TIMEOUT;

    /**
     * @param name       e.g. {@code national-hub}; names the log file {@code <name>.log} in {@code workDir}
     * @param jar        the {@code quarkus-run.jar}
     * @param port       HTTP port ({@code quarkus.http.port}), or HTTPS port when the properties set {@value #HTTPS_PORT} to it
     * @param properties further settings, passed as {@code -Dkey=value} (secrets in the environment instead)
     * @param jvmOptions e.g. {@code -Xmx256m}
     * @param workDir    the process's working directory
     */
    public ServiceProcess(String name, Path jar, int port, Map<String, String> properties, List<String> jvmOptions,
                          Path workDir) {
        this(name, jar, port, properties, Map.of(), jvmOptions, workDir);
    }

    /** As above, with environment variables for the service (secrets: they stay off the command line). */
    public ServiceProcess(String name, Path jar, int port, Map<String, String> properties,
                          Map<String, String> environment, List<String> jvmOptions, Path workDir) {
        this.name = name;
        this.jar = jar.toAbsolutePath();
        this.port = port;
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.http.host", "127.0.0.1");
        all.put("quarkus.http.port", Integer.toString(port));
        all.putAll(properties);
        this.properties = Map.copyOf(all);
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(LOG_ENCODING_OPTIONS);
        command.addAll(jvmOptions);
        command.add(ChildProcess.MARKER_PROPERTY + workDir.toAbsolutePath());
        Map<String, String> childEnvironment = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            if (SECRET.matcher(key).matches()) {
                childEnvironment.put(environmentName(key), value);
            } else {
                command.add("-D" + key + "=" + value);
            }
        });
        childEnvironment.putAll(environment);
        command.add("-jar");
        command.add(this.jar.toString());
        Path dir = workDir.toAbsolutePath().resolve(name);
        this.process = new ChildProcess(name, command, dir, workDir.toAbsolutePath().resolve("logs").resolve(name + ".log"),
                childEnvironment);
    }

    /**
     * The environment variable MicroProfile Config reads a setting from: every character but letters and digits
     * becomes {@code _}, in upper case ({@code quarkus.datasource.password} -> {@code QUARKUS_DATASOURCE_PASSWORD}).
     */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    public ServiceProcess readyTimeout(Duration timeout) {
        this.readyTimeout = timeout;
        return this;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /**
     * e.g. {@code https://127.0.0.1:8090}: https when the service serves TLS on its port ({@value #HTTPS_PORT}, as
     * every service of a {@link Federation} does), http otherwise.
     */
    public String baseUrl() {
        return (https() ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** Whether the service serves HTTPS (only) on its port. */
    public boolean https() {
        return Integer.toString(port).equals(properties.get(HTTPS_PORT));
    }

    public Map<String, String> properties() {
        return properties;
    }

    public Path logFile() {
        return process.logFile();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The operating system's process id, or -1 when not started (e.g. for a benchmark's CPU accounting). */
    public long pid() {
        return process.pid();
    }

    /** Starts the service and waits until it is ready. */
    public void start() {
        launch();
        awaitReady();
    }

    /** Starts the process without waiting (several services then start side by side; see {@link #awaitReady()}). */
    public void launch() {
        FederationLayout.requirePackaged(jar);
        Ports.requireFree(port, name);
        Shutdown.register(this);
        process.start();
    }

    /** Waits until {@code GET /q/health/ready} answers 200; fails with the last log lines otherwise. */
    public void awaitReady() {
        process.awaitReady(readyTimeout, Duration.ofMillis(250), "ready (" + baseUrl() + "/q/health/ready)",
                () -> status("/q/health/ready") == 200);
    }

    /** The HTTP status of a GET on this service, or -1 when it does not answer. */
    public int status(String path) {
        return statusOf(baseUrl() + path);
    }

    /** The HTTP status of a GET on a URL, or -1 when nothing answers within 3 s. */
    static int statusOf(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Stops the service (SIGTERM: Quarkus shuts down gracefully) and waits for the process to be gone. */
    public void stop() {
        process.stop(STOP_GRACE);
    }

    /**
     * Kills the service at once (SIGKILL on its process tree, {@code kill -9}): no graceful shutdown, no shutdown
     * hook, whatever it had committed but not yet published stays as it is. {@link #start()} brings it back.
     */
    public void kill() {
        process.kill();
    }

    /** Sends SIGTERM without waiting; {@link #stop()} then waits. Lets several services stop side by side. */
    void signalStop() {
        if (process.isAlive()) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        }
    }

    /** The last lines of the log. */
    public String logTail(int lines) {
        return process.tail(lines);
    }

    @Override
    public void close() {
        Shutdown.unregister(this);
        stop();
    }

    @Override
    public String toString() {
        return name + " on " + baseUrl();
    }
}
