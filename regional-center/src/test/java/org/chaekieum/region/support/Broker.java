package org.chaekieum.region.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.testsupport.KafkaResource;
import org.chaekieum.testsupport.TestClock;

/** Reads and writes the real test broker's topics: the region's events, and the hub's decisions as it sends them. */
public final class Broker {

    private static final EventCodec CODEC = new EventCodec();

    private Broker() {
    }

    /** Every record on the topic matching the filter, read from the beginning until {@code count} matched. */
    public static List<ConsumerRecord<String, String>> awaitRecords(String topic, Predicate<ConsumerRecord<String, String>> filter,
                                                                    int count) {
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        matched.add(r);
                    }
                }
                return matched.size() >= count;
            });
        }
        return matched;
    }

    /** The topic this region's outbox publishes its member events to (the test region is Seoul). */
    public static final String MEMBER_EVENTS = Topics.memberEventsOf("seoul");

    /**
     * The member's records on the region's member-events topic whose value contains every one of the texts (an event type,
     * a loan id), read from the beginning until {@code count} matched.
     */
    public static List<ConsumerRecord<String, String>> memberEvents(String member, int count, String... containing) {
        return awaitRecords(MEMBER_EVENTS, r -> member.equals(r.key()) && containsAll(r.value(), containing),
                count);
    }

    /** The payload of the member's first event on the region's member-events topic that contains every one of the texts. */
    public static <T extends EventPayload> T memberEvent(String member, Class<T> type, String... containing) {
        return CODEC.payload(CODEC.read(memberEvents(member, 1, containing).get(0).value()), type);
    }

    /** A decision of the national hub, in the envelope the hub would send it in (its time from {@link TestClock}). */
    public static EventEnvelope fromHub(EventPayload decision) {
        return CODEC.envelope("/chaekieum/hub", decision, TestClock.now());
    }

    /** Sends the hub's decision on {@link Topics#NATIONAL_DECISIONS}, keyed by its member number. */
    public static void sendDecision(EventEnvelope decision) {
        send(Topics.NATIONAL_DECISIONS, decision.subject(), CODEC.write(decision));
    }

    public static void send(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", KafkaResource.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean containsAll(String value, String... texts) {
        for (String text : texts) {
            if (!value.contains(text)) {
                return false;
            }
        }
        return true;
    }
}
