package org.chaekieum.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's broker: a child process that can go away and come back on the same port with its data; clients connect
 * over SASL_SSL only, each service's principal may do what its service does and nothing else.
 */
class KafkaBrokerIT {

    private static final String TOPIC = "harness.restart";
    private static final String DECISIONS = "chaekieum.national-decisions.v1";
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    static Path shared;
    private static KafkaBroker broker;
    private static long secureStartMillis;

    @BeforeAll
    static void startTheSharedBroker() {
        broker = KafkaBroker.create(FederationLayout.detect(), shared.resolve("kafka"), Ports.free(),
                List.of("seoul", "gyeonggi"));
        long t0 = System.nanoTime();
        broker.start();
        secureStartMillis = millisSince(t0);
        System.out.printf("[KafkaBrokerIT] SASL_SSL broker with 3 principals and their ACLs: first start (format, "
                + "start, credentials, ACLs) %d ms%n", secureStartMillis);
    }

    @AfterAll
    static void stopTheSharedBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void clientsWithoutValidCredentialsCanNeitherProduceNorConsume() throws Exception {
        send(broker, KafkaBroker.HUB, DECISIONS, "a decision nobody else may read");

        Map<String, Object> wrongPassword = new HashMap<>(broker.clientProperties(KafkaBroker.HUB));
        wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"hub\" password=\"not-the-password\";");
        Map<String, Object> unknownUser = new HashMap<>(broker.clientProperties(KafkaBroker.HUB));
        unknownUser.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"mallory\" password=\"guess\";");
        for (Map<String, Object> credentials : List.of(wrongPassword, unknownUser)) {
            assertThat(failureOf(() -> send(broker.bootstrapServers(), credentials, DECISIONS, "forged")))
                    .isInstanceOf(SaslAuthenticationException.class);
            try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(), credentials,
                    "national-hub-" + System.nanoTime())) {
                consumer.subscribe(List.of(DECISIONS));
                await().atMost(BOUND).untilAsserted(() -> assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(200)))
                        .isInstanceOf(SaslAuthenticationException.class));
            }
        }

        // PLAINTEXT, and TLS without SASL: the broker drops the connection; the client never gets metadata.
        Map<String, Object> tlsWithoutSasl = new HashMap<>(Map.of("security.protocol", "SSL",
                "ssl.truststore.type", "PEM", "ssl.truststore.location", broker.caCertificate().toString()));
        for (Map<String, Object> credentials : List.of(Map.<String, Object>of(), tlsWithoutSasl)) {
            assertThat(failureOf(() -> send(broker.bootstrapServers(), credentials, DECISIONS, "forged"))).isInstanceOf(TimeoutException.class);
            try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(), credentials,
                    "national-hub-" + System.nanoTime())) {
                assertThatThrownBy(() -> consumer.listTopics(Duration.ofSeconds(3))).isInstanceOf(TimeoutException.class);
                consumer.assign(List.of(new TopicPartition(DECISIONS, 0)));
                assertThatThrownBy(() -> consumer.position(new TopicPartition(DECISIONS, 0), Duration.ofSeconds(3)))
                        .isInstanceOf(TimeoutException.class);
            }
        }
    }

    @Test
    void aRegionWritesItsOwnEventsAndReadsTheDecisionsOnly() throws Exception {
        String seoul = KafkaBroker.regionPrincipal("seoul");
        // An idempotent producer (the outbox relay's settings) needs WRITE on a topic, no IDEMPOTENT_WRITE on the cluster.
        send(broker, seoul, "chaekieum.member-events.v1.seoul", "seoul's event");
        send(broker, seoul, "chaekieum.national-decisions.v1.dlq.seoul", "a decision seoul could not apply");

        for (String foreign : List.of("chaekieum.member-events.v1.gyeonggi", DECISIONS, "chaekieum.member-events.v1",
                "chaekieum.national-decisions.v1.dlq.gyeonggi")) {
            assertThat(failureOf(() -> send(broker, seoul, foreign, "forged"))).as(foreign)
                    .isInstanceOf(TopicAuthorizationException.class);
        }

        String decision = "decision-" + System.nanoTime();
        send(broker, KafkaBroker.HUB, DECISIONS, decision);
        assertThat(read(broker, seoul, "regional-center-seoul-" + System.nanoTime(), List.of(DECISIONS), 1, decision))
                .contains(decision);

        try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(), broker.clientProperties(seoul),
                "national-hub")) {
            consumer.subscribe(List.of(DECISIONS));
            await().atMost(BOUND).untilAsserted(() -> assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(200)))
                    .isInstanceOf(GroupAuthorizationException.class));
        }
        try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(), broker.clientProperties(seoul),
                "regional-center-seoul-" + System.nanoTime())) {
            consumer.subscribe(List.of("chaekieum.member-events.v1.gyeonggi"));
            await().atMost(BOUND).untilAsserted(() -> assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(200)))
                    .isInstanceOf(TopicAuthorizationException.class));
        }
    }

    @Test
    void theHubReadsEveryRegionsEventsAndWritesTheDecisions() throws Exception {
        String seoulEvent = "seoul-" + System.nanoTime();
        String gyeonggiEvent = "gyeonggi-" + System.nanoTime();
        send(broker, KafkaBroker.regionPrincipal("seoul"), "chaekieum.member-events.v1.seoul", seoulEvent);
        send(broker, KafkaBroker.regionPrincipal("gyeonggi"), "chaekieum.member-events.v1.gyeonggi", gyeonggiEvent);
        send(broker, KafkaBroker.regionPrincipal("seoul"), "chaekieum.national-decisions.v1.dlq.seoul", "dead letter");

        assertThat(read(broker, KafkaBroker.HUB, "national-hub-" + System.nanoTime(),
                List.of("chaekieum.member-events.v1.seoul", "chaekieum.member-events.v1.gyeonggi"), 2, gyeonggiEvent))
                .contains(seoulEvent, gyeonggiEvent);
        send(broker, KafkaBroker.HUB, DECISIONS, "a national decision");
        send(broker, KafkaBroker.HUB, "chaekieum.member-events.v1.dlq", "an event the hub could not apply");
        assertThat(failureOf(() -> send(broker, KafkaBroker.HUB, "chaekieum.member-events.v1.seoul", "forged")))
                .isInstanceOf(TopicAuthorizationException.class);

        // The dashboard's questions (BrokerWatch): a region's committed positions, and the records of its dead letters.
        String seoulGroup = "regional-center-seoul";
        read(broker, KafkaBroker.regionPrincipal("seoul"), seoulGroup, List.of(DECISIONS), 1, null);
        Properties config = new Properties();
        config.putAll(broker.clientProperties(KafkaBroker.HUB));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin hub = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> committed = hub.listConsumerGroupOffsets(seoulGroup)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed.keySet()).extracting(TopicPartition::topic).containsOnly(DECISIONS);
            String deadLetters = "chaekieum.national-decisions.v1.dlq.seoul";
            int partitions = hub.describeTopics(List.of(deadLetters)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(deadLetters).partitions().size();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                ends.put(new TopicPartition(deadLetters, p), OffsetSpec.latest());
            }
            assertThat(hub.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum()).isPositive();
        }
    }

    @Test
    void aRestartKeepsTheDataThePrincipalsTheirPasswordsAndTheirAcls(@TempDir Path workDir) throws Exception {
        int port = Ports.free();
        String seoul = KafkaBroker.regionPrincipal("seoul");
        Map<String, String> seoulBefore;
        try (KafkaBroker own = KafkaBroker.create(FederationLayout.detect(), workDir, port, List.of("seoul"))) {
            long t0 = System.nanoTime();
            own.start();
            System.out.printf("[KafkaBrokerIT] broker started in %d ms%n", millisSince(t0));
            seoulBefore = own.clientProperties(seoul);
            send(own, KafkaBroker.ADMIN, TOPIC, "before-outage");
            assertSecretsStayPrivate(own, workDir);

            t0 = System.nanoTime();
            own.stop();
            System.out.printf("[KafkaBrokerIT] broker stopped in %d ms%n", millisSince(t0));
            assertThat(own.isRunning()).isFalse();
            assertThat(Ports.accepts(port)).as("nothing listens on %d once stopped", port).isFalse();

            t0 = System.nanoTime();
            own.start();
            System.out.printf("[KafkaBrokerIT] broker restarted in %d ms%n", millisSince(t0));
            assertThat(own.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(own.clientProperties(seoul)).isEqualTo(seoulBefore);
            send(own, KafkaBroker.ADMIN, TOPIC, "after-outage");
            assertThat(read(own, KafkaBroker.ADMIN, "harness-" + System.nanoTime(), List.of(TOPIC), 2, null))
                    .containsExactly("before-outage", "after-outage");
            send(own, seoul, "chaekieum.member-events.v1.seoul", "after the restart");
            assertThat(failureOf(() -> send(own, seoul, DECISIONS, "forged")))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(Ports.accepts(port)).isFalse();

        // The next run names another region: it gets a principal, a password and its ACLs; seoul keeps its own.
        try (KafkaBroker own = KafkaBroker.create(FederationLayout.detect(), workDir, port, List.of("seoul", "busan"))) {
            own.start();
            assertThat(own.principals()).containsExactly("hub", "region-seoul", "region-busan");
            send(own.bootstrapServers(), seoulBefore, "chaekieum.member-events.v1.seoul", "with the first run's password");
            String busan = KafkaBroker.regionPrincipal("busan");
            send(own, busan, "chaekieum.member-events.v1.busan", "busan's first event");
            assertThat(failureOf(() -> send(own, busan, "chaekieum.member-events.v1.seoul", "forged")))
                    .isInstanceOf(TopicAuthorizationException.class);
            assertThat(read(own, KafkaBroker.ADMIN, "harness-" + System.nanoTime(), List.of(TOPIC), 2, null))
                    .containsExactly("before-outage", "after-outage");
        }

        // And a run without seoul takes its credential away.
        try (KafkaBroker own = KafkaBroker.create(FederationLayout.detect(), workDir, port, List.of("busan"))) {
            own.start();
            assertThat(failureOf(() -> send(own.bootstrapServers(), seoulBefore, "chaekieum.member-events.v1.seoul", "gone")))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }

    /** Prints what security costs: start time, and 10,000 small records with acks=all over SASL_SSL vs PLAINTEXT. */
    @Test
    void measuresWhatSecurityCosts(@TempDir Path plainDir) throws Exception {
        double secure = throughput(broker.bootstrapServers(), broker.clientProperties(KafkaBroker.ADMIN), "bench.sasl");

        int plainPort = Ports.free();
        long t0 = System.nanoTime();
        try (PlainBroker plain = PlainBroker.start(plainDir, plainPort)) {
            long plainStartMillis = millisSince(t0);
            double plaintext = throughput("127.0.0.1:" + plainPort, Map.of(), "bench.plain");
            System.out.printf("[KafkaBrokerIT] first start: SASL_SSL with principals and ACLs %d ms, PLAINTEXT %d ms%n",
                    secureStartMillis, plainStartMillis);
            System.out.printf("[KafkaBrokerIT] 10,000 records of 100 B, acks=all, idempotent: SASL_SSL %.0f/s, "
                    + "PLAINTEXT %.0f/s%n", secure, plaintext);
        }
    }

    private static double throughput(String bootstrap, Map<String, String> security, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        String value = "x".repeat(100);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "warm-up", value)).get(30, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                producer.send(new ProducerRecord<>(topic, "member-" + (i % 500), value));
            }
            producer.flush();
            return 10_000 / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Owner-only files, and no password on the broker's command line or in its logs. */
    private static void assertSecretsStayPrivate(KafkaBroker broker, Path workDir) throws Exception {
        for (String secret : List.of("credentials.properties", "server.properties", "ca/ca.key", "ca/kafka.pem")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir.resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
        assertThat(workDir.resolve("format.args")).doesNotExist();
        // What ps shows any local user (Linux).
        String commandLine = new String(Files.readAllBytes(Path.of("/proc", Long.toString(broker.pid()), "cmdline")),
                StandardCharsets.UTF_8).replace('\0', ' ');
        assertThat(commandLine).contains("kafka.Kafka");
        String logs = Files.readString(broker.logFile(), StandardCharsets.UTF_8)
                + Files.readString(workDir.resolve("kafka-format.log"), StandardCharsets.UTF_8);
        for (String principal : List.of(KafkaBroker.ADMIN, KafkaBroker.HUB, KafkaBroker.regionPrincipal("seoul"))) {
            String jaas = broker.clientProperties(principal).get("sasl.jaas.config");
            String password = jaas.substring(jaas.indexOf("password=\"") + 10, jaas.lastIndexOf('"'));
            assertThat(commandLine).doesNotContain(password);
            assertThat(logs).doesNotContain(password);
        }
    }

    private static void send(KafkaBroker broker, String principal, String topic, String value) throws Exception {
        send(broker.bootstrapServers(), broker.clientProperties(principal), topic, value);
    }

    private static void send(String bootstrapServers, Map<String, ?> security, String topic, String value)
            throws Exception {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads {@code topics} from the start until {@code expected} records (and {@code last}, if given) arrived. */
    private static List<String> read(KafkaBroker broker, String principal, String group, List<String> topics,
                                     int expected, String last) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(),
                broker.clientProperties(principal), group)) {
            consumer.subscribe(topics);
            await().atMost(BOUND).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected && (last == null || values.contains(last));
            });
            consumer.commitSync();
        }
        return values;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrapServers, Map<String, ?> security,
                                                          String group) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** What {@code action} threw, unwrapped from the future's {@link ExecutionException}. */
    private static Throwable failureOf(ThrowingCallable action) {
        Throwable thrown = catchThrowable(action);
        assertThat(thrown).as("refused").isNotNull();
        return thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** A broker as the harness ran it before issue 16 (PLAINTEXT, no authentication), for the comparison only. */
    private record PlainBroker(ChildProcess process) implements AutoCloseable {

        static PlainBroker start(Path dir, int port) throws Exception {
            int controllerPort = Ports.free();
            Path properties = dir.resolve("server.properties");
            Files.writeString(properties, String.join("\n",
                    "process.roles=broker,controller", "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"), "num.partitions=3", "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=10", "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0", ""));
            new ChildProcess("plain-kafka-format", command(dir, "kafka.tools.StorageTool", "format", "--config",
                    properties.toString(), "--cluster-id", Uuid.randomUuid().toString()), dir,
                    dir.resolve("format.log")).runToCompletion(Duration.ofSeconds(60));
            ChildProcess process = new ChildProcess("plain-kafka", command(dir, "kafka.Kafka", properties.toString()),
                    dir, dir.resolve("kafka.log"));
            process.start();
            PlainBroker broker = new PlainBroker(process);
            try {
                Properties config = new Properties();
                config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
                try (Admin admin = Admin.create(config)) {
                    process.awaitReady(Duration.ofSeconds(90), Duration.ofMillis(200), "serving clients", () -> {
                        try {
                            return !admin.describeCluster().nodes().get(4, TimeUnit.SECONDS).isEmpty();
                        } catch (Exception e) {
                            return false;
                        }
                    });
                }
                return broker;
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        }

        private static List<String> command(Path dir, String mainClass, String... args) {
            List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(), "-Xms128m", "-Xmx512m",
                    "-XX:+UseSerialGC", ChildProcess.MARKER_PROPERTY + dir, "-cp",
                    String.join(File.pathSeparator, FederationLayout.detect().brokerClasspath().stream()
                            .map(Path::toString).toList()), mainClass));
            command.addAll(List.of(args));
            return command;
        }

        @Override
        public void close() {
            process.stop(Duration.ofSeconds(30));
        }
    }
}
