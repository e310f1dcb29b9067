package org.chaekieum.hub.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.hub.support.KafkaTestClient.TopicReader;

/**
 * The regions, as the hub's tests play them: a producer of region events, each on its region's topic
 * ({@link Topics#memberEventsOf}), and a reader
 * of the hub's decisions on {@link Topics#NATIONAL_DECISIONS}. One per test class, opened before its tests and closed
 * after them.
 */
public final class RegionEvents implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaProducer<String, String> producer;
    private final TopicReader decisions;

    private RegionEvents(KafkaProducer<String, String> producer, TopicReader decisions) {
        this.producer = producer;
        this.decisions = decisions;
    }

    /** Creates the topics the hub's consumer and its dead letters need, then the producer and the reader. */
    public static RegionEvents open() {
        KafkaTestClient.createTopics(Topics.NATIONAL_DECISIONS, Topics.MEMBER_EVENTS + Topics.DEAD_LETTER_SUFFIX);
        KafkaProducer<String, String> producer = KafkaTestClient.producer();
        try {
            return new RegionEvents(producer, new TopicReader(Topics.NATIONAL_DECISIONS));
        } catch (RuntimeException e) {
            producer.close(Duration.ofSeconds(2));
            throw e;
        }
    }

    /** The producer itself, for records sent without waiting for each acknowledgement. */
    public KafkaProducer<String, String> producer() {
        return producer;
    }

    /** The hub's decisions seen so far. */
    public TopicReader decisions() {
        return decisions;
    }

    /** Sends the envelope, keyed by its subject, and waits for the broker's acknowledgement. */
    public void send(EventEnvelope envelope) {
        KafkaTestClient.send(producer, envelope);
    }

    /** Sends the payload in a region's envelope ({@link TestEvents#envelope}). */
    public void send(Object payload) {
        send(TestEvents.envelope(payload));
    }

    /** Sends a raw record (e.g. one no reader could parse). */
    public void send(String key, String value) {
        KafkaTestClient.send(producer, key, value);
    }

    /**
     * Sends, from the region, an event of a type the hub does not know, on the member's key: applied after everything
     * sent before it on that key. Its id, to await.
     */
    public String sendMarker(String memberNumber, String region) {
        EventEnvelope marker = new EventEnvelope(EventEnvelope.SPEC_VERSION, UUID.randomUUID().toString(),
                TestEvents.sourceOf(region), "org.chaekieum.member.something-new.v9", Instant.now(), memberNumber,
                "application/json", JsonNodeFactory.instance.objectNode().put("memberNumber", memberNumber));
        send(marker);
        return marker.id();
    }

    /** Registers a member through a region's enrollment event and waits until the registry holds it. */
    public String registered(String identityHash, String homeRegion) {
        String number = TestEvents.newNumber();
        send(TestEvents.enrolled(number, identityHash, homeRegion, MemberStatus.NORMAL));
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/v1/national/members/{n}", number)
                .then().statusCode(200).body("status", equalTo("NORMAL")));
        return number;
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(2));
        } finally {
            decisions.close();
        }
    }
}
