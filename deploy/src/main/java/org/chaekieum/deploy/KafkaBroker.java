package org.chaekieum.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Kafka 4 broker as a child process: one combined KRaft node (broker and controller) on 127.0.0.1 that serves
 * clients only over SASL_SSL with SCRAM-SHA-512, one principal per service ({@value #HUB}, {@code region-<id>} per
 * region), each allowed only what its service does ({@link BrokerAcls}; StandardAuthorizer, nothing allowed without an
 * ACL, {@value #ADMIN} the only super user). The storage is formatted once, with the principals' SCRAM credentials;
 * {@link #stop()} and {@link #start()} again reuse the same ports, log directory, passwords and ACLs, so the broker comes
 * back with its topics and records, as after an outage.
 *
 * <p>Listeners, all on 127.0.0.1 and all TLS with a certificate of the {@link LocalCertificateAuthority}: {@code CLIENTS}
 * (the given port; SASL_SSL, SCRAM-SHA-512), {@code INTERNAL} (inter-broker; SASL_SSL, SCRAM-SHA-512 as
 * {@value #ADMIN}) and {@code CONTROLLER} (SASL_SSL, PLAIN as {@value #ADMIN}: KRaft cannot authenticate its controller
 * listener with SCRAM, whose credentials live in the metadata that listener serves).
 *
 * <p>Secrets never reach a command line: the passwords are in {@code credentials.properties}, the listeners' JAAS lines
 * in {@code server.properties}, the formatter's SCRAM arguments in a Java argument file deleted after use; all of them
 * readable by their owner only (0600), like the work directory (0700) and the CA's keys.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The broker's own principal and the harness's: the only super user. */
    public static final String ADMIN = "admin";
    /** The national hub's principal. */
    public static final String HUB = BrokerAcls.HUB;
    /** The SASL mechanism of the client listener. */
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Pattern REGION_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private final Path workDir;
    private final int port;
    private final int internalPort;
    private final int controllerPort;
    private final List<Path> classpath;
    private final List<String> jvmOptions;
    private final List<String> regionIds;
    private final LocalCertificateAuthority ca;
    private final BrokerCredentials credentials;
    private final ChildProcess process;

    /**
     * @param workDir        holds {@code server.properties}, {@code credentials.properties}, the log directory
     *                       {@code data/} and {@code kafka.log}
     * @param port           the SASL_SSL port clients use
     * @param internalPort   the inter-broker listener's port
     * @param controllerPort the CONTROLLER port
     * @param classpath      a runtime classpath of {@code org.apache.kafka:kafka_2.13} and an SLF4J backend
     * @param regionIds      the regions, one principal {@code region-<id>} each
     * @param ca             signs the broker's certificate; clients trust its {@link #caCertificate()}
     */
    public KafkaBroker(Path workDir, int port, int internalPort, int controllerPort, List<Path> classpath,
                       List<String> jvmOptions, Collection<String> regionIds, LocalCertificateAuthority ca) {
        for (String id : regionIds) {
            if (!REGION_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not a region id for a Kafka principal: " + id);
            }
        }
        this.workDir = PrivateFiles.directory(workDir.toAbsolutePath());
        this.port = port;
        this.internalPort = internalPort;
        this.controllerPort = controllerPort;
        this.classpath = List.copyOf(classpath);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.regionIds = regionIds.stream().distinct().toList();
        this.ca = ca;
        List<String> principals = new ArrayList<>();
        principals.add(ADMIN);
        principals.add(HUB);
        this.regionIds.forEach(id -> principals.add(regionPrincipal(id)));
        this.credentials = BrokerCredentials.load(this.workDir.resolve("credentials.properties"), principals);
        this.process = new ChildProcess("kafka", command("kafka.Kafka", serverProperties().toString()),
                this.workDir, this.workDir.resolve("kafka.log"));
    }

    /**
     * A broker on the given port for the hub and these regions (its other listeners on free ports), with a CA of its
     * own in {@code <workDir>/ca}, run from the deploy module's classpath.
     */
    public static KafkaBroker create(FederationLayout layout, Path workDir, int port, List<String> regionIds) {
        return create(layout, workDir, port, regionIds, LocalCertificateAuthority.create(workDir.resolve("ca")));
    }

    /** As above, with the broker's certificate from {@code ca} (the one the services' certificates come from too). */
    public static KafkaBroker create(FederationLayout layout, Path workDir, int port, List<String> regionIds,
                                     LocalCertificateAuthority ca) {
        return new KafkaBroker(workDir, port, Ports.free(), Ports.free(), layout.brokerClasspath(),
                List.of("-Xms128m", "-Xmx512m"), regionIds, ca);
    }

    /** A broker with the hub's principal and no region's (see {@link #create(FederationLayout, Path, int, List)}). */
    public static KafkaBroker create(FederationLayout layout, Path workDir, int port) {
        return create(layout, workDir, port, List.of());
    }

    /** The principal of a region's services. */
    public static String regionPrincipal(String regionId) {
        return BrokerAcls.regionPrincipal(regionId);
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The CA certificate (PEM) a client trusts to reach this broker. */
    public Path caCertificate() {
        return ca.caCertificate();
    }

    /** The services' principals: {@value #HUB}, then {@code region-<id>} for each region (not {@value #ADMIN}). */
    public List<String> principals() {
        return credentials.principals().stream().filter(principal -> !principal.equals(ADMIN)).toList();
    }

    /** The regions this broker has principals and ACLs for. */
    public List<String> regionIds() {
        return regionIds;
    }

    /**
     * What a Kafka client (producer, consumer, admin) needs besides {@code bootstrap.servers} to connect as
     * {@code principal}: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} (with the
     * password: hand it to a process through a file or its environment, never its command line) and the PEM trust
     * store of {@link #caCertificate()}.
     */
    public Map<String, String> clientProperties(String principal) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", SASL_MECHANISM);
        properties.put("sasl.jaas.config", jaas(SCRAM_LOGIN, principal, credentials.password(principal), ""));
        properties.put("ssl.truststore.type", "PEM");
        properties.put("ssl.truststore.location", caCertificate().toString());
        return properties;
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

    /** The broker's process id (e.g. for a benchmark's CPU accounting). */
    public long pid() {
        return process.pid();
    }

    /**
     * Formats the storage the first time, starts the broker and returns once the admin can use it and every principal
     * has its credential and its ACLs.
     */
    public void start() {
        Shutdown.register(this);
        launch();
        awaitReady();
    }

    /** Starts the process without waiting for it (see {@link #awaitReady()}). */
    public void launch() {
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(internalPort, "Kafka inter-broker");
        Ports.requireFree(controllerPort, "Kafka controller");
        Shutdown.register(this);
        LocalCertificateAuthority.IssuedCertificate certificate = ca.issueServerCertificate("kafka", "127.0.0.1",
                "localhost");
        writeServerProperties(certificate);
        if (!Files.exists(dataDir().resolve("meta.properties"))) {
            format();
        }
        process.start();
    }

    /**
     * Waits until the port accepts connections and the admin can describe the cluster, then makes the principals'
     * SCRAM credentials and ACLs what this broker's regions need (adds what is missing, removes what no principal of
     * these regions has) and waits until the broker applies them.
     */
    public void awaitReady() {
        process.awaitReady(START_TIMEOUT, Duration.ofMillis(200), "listening on " + bootstrapServers(),
                () -> Ports.accepts(port));
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        config.putAll(clientProperties(ADMIN));
        try (Admin admin = Admin.create(config)) {
            process.awaitReady(START_TIMEOUT, Duration.ofMillis(200), "serving clients", () -> {
                try {
                    return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                            .get(4, TimeUnit.SECONDS).isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            grantPrincipals(admin);
            createTopics(admin);
        }
    }

    /**
     * The federation's topics, made by the admin before any service connects (idempotent): a consumer of a topic that
     * does not exist yet would otherwise be refused (it may not create it) until its writer's first record made it.
     */
    private void createTopics(Admin admin) {
        List<String> names = new ArrayList<>();
        names.add(BrokerAcls.NATIONAL_DECISIONS);
        names.add(BrokerAcls.MEMBER_EVENTS + BrokerAcls.DEAD_LETTER_SUFFIX);
        for (String region : regionIds) {
            names.add(BrokerAcls.memberEventsTopic(region));
            names.add(BrokerAcls.decisionsDeadLetterTopic(region));
        }
        Set<String> existing = get(admin.listTopics().names());
        List<NewTopic> missing = names.stream().filter(name -> !existing.contains(name))
                .map(name -> new NewTopic(name, Optional.empty(), Optional.empty())).toList();
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create the federation's topics", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating the federation's topics", e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("the broker did not create the federation's topics in 30 s", e);
            }
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

    private void grantPrincipals(Admin admin) {
        Set<String> principals = credentials.principals();
        List<UserScramCredentialAlteration> alterations = new ArrayList<>();
        // Every service principal's password again (idempotent): the credential follows the password file.
        for (String principal : principals()) {
            alterations.add(new UserScramCredentialUpsertion(principal,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), credentials.password(principal)));
        }
        Map<String, UserScramCredentialsDescription> existing = get(admin.describeUserScramCredentials().all());
        existing.keySet().stream().filter(user -> !principals.contains(user)).forEach(user ->
                alterations.add(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)));
        get(admin.alterUserScramCredentials(alterations).all());

        Set<AclBinding> wanted = new HashSet<>(BrokerAcls.of(regionIds));
        Set<AclBinding> present = new HashSet<>(get(admin.describeAcls(AclBindingFilter.ANY).values()));
        List<AclBinding> missing = wanted.stream().filter(acl -> !present.contains(acl)).toList();
        List<AclBindingFilter> stale = present.stream().filter(acl -> !wanted.contains(acl)).map(AclBinding::toFilter)
                .toList();
        if (!missing.isEmpty()) {
            get(admin.createAcls(missing).all());
        }
        if (!stale.isEmpty()) {
            get(admin.deleteAcls(stale).all());
        }
        // Both go through the controller; the broker applies them a moment later.
        process.awaitReady(START_TIMEOUT, Duration.ofMillis(100), "applying the principals and ACLs", () -> {
            try {
                return admin.describeUserScramCredentials().all().get(4, TimeUnit.SECONDS).keySet().equals(principals)
                        && new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(4, TimeUnit.SECONDS))
                        .equals(wanted);
            } catch (Exception e) {
                return false;
            }
        });
    }

    private <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while granting the broker's principals", e);
        } catch (ExecutionException | TimeoutException e) {
            throw process.failure("could not grant the broker's principals their credentials and ACLs: " + e);
        }
    }

    /**
     * Formats the log directory with the cluster's metadata and every principal's SCRAM credential. The arguments,
     * passwords included, go through a Java argument file (0600, deleted after use), not the command line.
     */
    private void format() {
        List<String> arguments = new ArrayList<>(List.of("kafka.tools.StorageTool", "format",
                "--config", serverProperties().toString(), "--cluster-id", Uuid.randomUuid().toString(),
                "--ignore-formatted"));
        for (String principal : credentials.principals()) {
            arguments.add("--add-scram");
            arguments.add(SASL_MECHANISM + "=[name=" + principal + ",password=" + credentials.password(principal) + "]");
        }
        Path argumentFile = workDir.resolve("format.args");
        PrivateFiles.write(argumentFile, arguments.stream().map(KafkaBroker::quoted)
                .collect(Collectors.joining(System.lineSeparator())));
        try {
            new ChildProcess("kafka-storage-format", command("@" + argumentFile), workDir,
                    workDir.resolve("kafka-format.log"))
                    .runToCompletion(Duration.ofSeconds(60));
        } finally {
            try {
                Files.deleteIfExists(argumentFile);
            } catch (IOException e) {
                argumentFile.toFile().deleteOnExit();
            }
        }
    }

    private static String quoted(String argument) {
        if (argument.contains("\"") || argument.contains("\\")) {
            throw new IllegalArgumentException("cannot quote for a Java argument file: " + argument);
        }
        return '"' + argument + '"';
    }

    private Path serverProperties() {
        return workDir.resolve("server.properties");
    }

    private List<String> command(String mainClassOrArgumentFile, String... args) {
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
        command.add(mainClassOrArgumentFile);
        command.addAll(List.of(args));
        return command;
    }

    private static String jaas(String loginModule, String user, String password, String more) {
        return loginModule + " required username=\"" + user + "\" password=\"" + password + "\"" + more + ";";
    }

    private void writeServerProperties(LocalCertificateAuthority.IssuedCertificate certificate) {
        String adminPassword = credentials.password(ADMIN);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put("listeners", "CLIENTS://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "CLIENTS://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort);
        settings.put("listener.security.protocol.map", "CLIENTS:SASL_SSL,INTERNAL:SASL_SSL,CONTROLLER:SASL_SSL");
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "INTERNAL");
        // Authentication: SCRAM-SHA-512 for clients and between brokers, PLAIN (over TLS) to the controller.
        settings.put("sasl.enabled.mechanisms", SASL_MECHANISM);
        settings.put("sasl.mechanism.inter.broker.protocol", SASL_MECHANISM);
        settings.put("sasl.mechanism.controller.protocol", "PLAIN");
        settings.put("listener.name.clients.sasl.enabled.mechanisms", SASL_MECHANISM);
        settings.put("listener.name.clients.scram-sha-512.sasl.jaas.config", SCRAM_LOGIN + " required;");
        settings.put("listener.name.internal.sasl.enabled.mechanisms", SASL_MECHANISM);
        settings.put("listener.name.internal.scram-sha-512.sasl.jaas.config",
                jaas(SCRAM_LOGIN, ADMIN, adminPassword, ""));
        settings.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        settings.put("listener.name.controller.plain.sasl.jaas.config",
                jaas(PLAIN_LOGIN, ADMIN, adminPassword, " user_" + ADMIN + "=\"" + adminPassword + "\""));
        // TLS on every listener: the CA's certificate for 127.0.0.1, and the CA to check it when the broker connects.
        settings.put("ssl.keystore.type", "PEM");
        settings.put("ssl.keystore.location", certificate.keyAndCertificate().toString());
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", caCertificate().toString());
        settings.put("ssl.client.auth", "none");
        // Authorization: nothing without an ACL, the admin (the broker itself) excepted.
        settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        settings.put("allow.everyone.if.no.acl.found", "false");
        settings.put("super.users", "User:" + ADMIN);
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
        StringBuilder text = new StringBuilder("# written by org.chaekieum.deploy.KafkaBroker; holds the admin's password\n");
        settings.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        PrivateFiles.write(serverProperties(), text.toString());
    }

    @Override
    public String toString() {
        return "Kafka on " + bootstrapServers();
    }
}
