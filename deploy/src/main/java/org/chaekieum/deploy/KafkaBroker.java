package org.chaekieum.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka 4 broker as a child process: one combined KRaft node (broker and controller) on 127.0.0.1. The storage is
 * formatted once; {@link #stop()} and {@link #start()} again reuse the same ports and the same log directory, so the
 * broker comes back with its topics and records, as after an outage.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path workDir;
    private final int port;
    private final int controllerPort;
    private final List<Path> classpath;
    private final List<String> jvmOptions;
    private final ChildProcess process;

    /**
     * @param workDir        holds {@code server.properties}, the log directory {@code data/} and {@code kafka.log}
     * @param port           the PLAINTEXT port clients use
     * @param controllerPort the CONTROLLER port
     * @param classpath      a runtime classpath of {@code org.apache.kafka:kafka_2.13} and an SLF4J backend
     */
    public KafkaBroker(Path workDir, int port, int controllerPort, List<Path> classpath) {
        this(workDir, port, controllerPort, classpath, List.of("-Xms128m", "-Xmx512m"));
    }

    public KafkaBroker(Path workDir, int port, int controllerPort, List<Path> classpath, List<String> jvmOptions) {
        this.workDir = workDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = List.copyOf(classpath);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.process = new ChildProcess("kafka", command("kafka.Kafka", serverProperties().toString()),
                this.workDir, this.workDir.resolve("kafka.log"));
    }

    /** A broker on the given port (its controller on a free one), run from the deploy module's classpath. */
    public static KafkaBroker create(FederationLayout layout, Path workDir, int port) {
        return new KafkaBroker(workDir, port, Ports.free(), layout.brokerClasspath());
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return process.logFile();
    }

    public Path dataDir() {
        return workDir.resolve("data");
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Formats the storage the first time, starts the broker and returns once an admin client sees it. */
    public void start() {
        Shutdown.register(this);
        launch();
        awaitReady();
    }

    /** Starts the process without waiting for it (see {@link #awaitReady()}). */
    public void launch() {
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "Kafka controller");
        Shutdown.register(this);
        writeServerProperties();
        if (!Files.exists(dataDir().resolve("meta.properties"))) {
            new ChildProcess("kafka-storage-format", command("kafka.tools.StorageTool", "format",
                    "--config", serverProperties().toString(),
                    "--cluster-id", Uuid.randomUuid().toString(), "--ignore-formatted"),
                    workDir, workDir.resolve("kafka-format.log"))
                    .runToCompletion(Duration.ofSeconds(60));
        }
        process.start();
    }

    /** Waits until the port accepts connections and an admin client can describe the cluster. */
    public void awaitReady() {
        process.awaitReady(START_TIMEOUT, Duration.ofMillis(200), "listening on " + bootstrapServers(),
                () -> Ports.accepts(port));
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(config)) {
            process.awaitReady(START_TIMEOUT, Duration.ofMillis(200), "serving clients", () -> {
                try {
                    return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                            .get(4, TimeUnit.SECONDS).isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /** Stops the broker (controlled shutdown, SIGTERM) and waits for the process to be gone. */
    public void stop() {
        process.stop(STOP_GRACE);
    }

    /** Kills the broker at once (SIGKILL), as a crash would. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        Shutdown.unregister(this);
        stop();
    }

    private Path serverProperties() {
        return workDir.resolve("server.properties");
    }

    private List<String> command(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(jvmOptions);
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.awt.headless=true");
        command.add(ChildProcess.MARKER_PROPERTY + workDir);
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private void writeServerProperties() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("log.dirs", dataDir().toString());
        settings.put("num.partitions", "3");
        settings.put("auto.create.topics.enable", "true");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "10");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "5");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        StringBuilder text = new StringBuilder("# written by org.chaekieum.deploy.KafkaBroker\n");
        settings.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        try {
            Files.createDirectories(workDir);
            Files.writeString(serverProperties(), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Kafka on " + bootstrapServers();
    }
}
