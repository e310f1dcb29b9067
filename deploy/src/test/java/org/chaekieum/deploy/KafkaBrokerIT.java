package org.chaekieum.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's broker: a child process that can go away and come back on the same port with its data; clients connect
 * over SASL_SSL only.
 */
class KafkaBrokerIT {

    private static final String TOPIC = "harness.restart";

    @Test
    void brokerRestartsOnTheSamePortAndKeepsItsData(@TempDir Path workDir) throws Exception {
        int port = Ports.free();
        try (KafkaBroker broker = KafkaBroker.create(FederationLayout.detect(), workDir, port)) {
            long t0 = System.nanoTime();
            broker.start();
            System.out.printf("broker started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            send(broker, "before-outage");

            t0 = System.nanoTime();
            broker.stop();
            System.out.printf("broker stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(broker.isRunning()).isFalse();
            assertThat(Ports.accepts(port)).as("nothing listens on %d once stopped", port).isFalse();

            t0 = System.nanoTime();
            broker.start();
            System.out.printf("broker restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            send(broker, "after-outage");

            assertThat(readAll(broker, 2)).containsExactly("before-outage", "after-outage");
        }
        assertThat(Ports.accepts(port)).isFalse();
    }

    private static void send(KafkaBroker broker, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(KafkaBroker.ADMIN));
        config.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(KafkaBroker broker, int expected) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(KafkaBroker.ADMIN));
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "harness-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }
}
