package org.chaekieum.hub.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.testsupport.KafkaResource;

/** Plain Kafka clients for tests: a region's producer and a reader of one topic. */
public final class KafkaTestClient {

    private KafkaTestClient() {
    }

    public static void createTopics(String... topics) {
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaResource.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    public static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Seoul's member-events topic, where the tests' raw records go. */
    public static final String SEOUL_EVENTS = Topics.memberEventsOf("seoul");

    /** Sends a record to Seoul's member-events topic and waits for its acknowledgement. */
    public static void send(KafkaProducer<String, String> producer, String key, String value) {
        send(producer, SEOUL_EVENTS, key, value);
    }

    /** Sends a record to a topic and waits for its acknowledgement. */
    public static void send(KafkaProducer<String, String> producer, String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the envelope on the topic of the region its source names, as that region would. */
    public static void send(KafkaProducer<String, String> producer, EventEnvelope envelope) {
        send(producer, Topics.memberEventsOf(TestEvents.regionOf(envelope)), envelope.subject(),
                TestEvents.CODEC.write(envelope));
    }

    /** Reads one topic from its beginning and keeps every record seen. Use from one thread at a time. */
    public static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        public TopicReader(String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(p);
            consumer.subscribe(List.of(topic));
        }

        /** Polls briefly, then answers every record seen so far under this key. */
        public synchronized List<ConsumerRecord<String, String>> byKey(String key) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(r -> key.equals(r.key())).toList();
        }

        /** Polls briefly, then answers the envelopes seen so far under this key. */
        public List<EventEnvelope> envelopes(String key) {
            return byKey(key).stream().map(r -> TestEvents.CODEC.read(r.value())).toList();
        }

        @Override
        public synchronized void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
