package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.hub.support.TestEvents.CODEC;
import static org.chaekieum.hub.support.TestEvents.enrolled;
import static org.chaekieum.hub.support.TestEvents.envelope;
import static org.chaekieum.hub.support.TestEvents.newIdentityHash;
import static org.chaekieum.hub.support.TestEvents.newNumber;
import static org.chaekieum.hub.support.TestEvents.withWrongCheckDigit;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.DuplicateIdentityDetected;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.event.MemberLinked;
import org.chaekieum.contracts.event.MemberNumberRefused;
import org.chaekieum.contracts.event.MemberRegistered;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.MemberUpdated;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.contracts.id.NumberForm;
import org.chaekieum.hub.messaging.MemberEventConsumer;
import org.chaekieum.hub.support.Db;
import org.chaekieum.hub.support.KafkaTestClient;
import org.chaekieum.hub.support.KafkaTestClient.TopicReader;
import org.chaekieum.hub.support.RegionEvents;
import org.chaekieum.hub.support.TestEvents;
import org.chaekieum.runtime.messaging.DeadLetterCounter;
import org.chaekieum.testsupport.KafkaResource;
import org.chaekieum.testsupport.OidcResource;
import org.chaekieum.testsupport.PostgresResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub as a region sees it: member events in on Kafka, national decisions out on Kafka, the registry over REST.
 * Real PostgreSQL and a real Kafka broker, started by the test resources (shared by every test class of the module).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = OidcResource.class, initArgs = {@ResourceArg(name = "region", value = "seoul"),
        @ResourceArg(name = "regionFromBody", value = "true")})
class MemberEventFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RegionEvents region;

    @Inject
    MemberEventConsumer memberEvents;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void clients() {
        region = RegionEvents.open();
    }

    @AfterAll
    static void close() {
        region.close();
    }

    @Test
    void registersEnrolledMemberAndPublishesRegistration() {
        String number = newNumber();
        EventEnvelope sent = envelope(enrolled(number, newIdentityHash(), "seoul", MemberStatus.PROVISIONAL));
        region.send(sent);

        EventEnvelope decision = awaitOneDecision(number);
        assertThat(CODEC.typeOf(decision)).isEqualTo(EventType.MEMBER_REGISTERED);
        assertThat(decision.source()).isEqualTo("/chaekieum/hub");
        assertThat(decision.subject()).isEqualTo(number);
        MemberRegistered registered = CODEC.payload(decision, MemberRegistered.class);
        assertThat(registered.memberNumber()).isEqualTo(number);
        assertThat(registered.region()).isEqualTo("seoul");
        assertThat(registered.wasProvisional()).isTrue();

        given().when().get("/api/v1/national/members/{n}", number)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("memberNumber", equalTo(number))
                .body("numberForm", equalTo("CHECK_DIGIT"))
                .body("issuingLibrary", equalTo(number.substring(0, 6)))
                .body("region", equalTo("seoul"))
                .body("status", equalTo("NORMAL"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(
                Db.count("select count(*) from outbox_event where message_key = ? and published_at is null", number))
                .isZero());
    }

    @Test
    void sameEventTwiceIsAppliedOnce() {
        String number = newNumber();
        EventEnvelope sent = envelope(enrolled(number, newIdentityHash(), "busan", MemberStatus.NORMAL));
        region.send(sent);
        region.send(sent);
        // A marker of a type the hub does not know, same key (same partition, so applied after both copies).
        String marker = region.sendMarker(number, "busan");

        await().atMost(WAIT).until(() -> Db.count("select count(*) from processed_event where event_id = ?",
                marker) == 1);
        assertThat(Db.count("select count(*) from processed_event where event_id = ?", sent.id())).isEqualTo(1);
        assertThat(Db.count("select count(*) from national_member where member_number = ?", number)).isEqualTo(1);
        assertThat(Db.count("select count(*) from outbox_event where message_key = ?", number)).isEqualTo(1);
        EventEnvelope decision = awaitOneDecision(number);
        assertThat(CODEC.typeOf(decision)).isEqualTo(EventType.MEMBER_REGISTERED);
    }

    @Test
    void detectsSameIdentityUnderTwoNumbers() {
        String hash = newIdentityHash();
        String first = newNumber();
        String second = newNumber("122002");
        region.send(envelope(enrolled(first, hash, "seoul", MemberStatus.NORMAL)));
        awaitOneDecision(first);
        region.send(envelope(enrolled(second, hash, "gyeonggi", MemberStatus.PROVISIONAL)));

        EventEnvelope decision = awaitOneDecision(second);
        assertThat(CODEC.typeOf(decision)).isEqualTo(EventType.DUPLICATE_IDENTITY_DETECTED);
        DuplicateIdentityDetected duplicate = CODEC.payload(decision, DuplicateIdentityDetected.class);
        assertThat(duplicate.memberNumber()).isEqualTo(second);
        assertThat(duplicate.region()).isEqualTo("gyeonggi");
        assertThat(duplicate.existingMemberNumber()).isEqualTo(first);
        assertThat(duplicate.existingRegion()).isEqualTo("seoul");

        given().when().get("/api/v1/national/members/{n}", second)
                .then().statusCode(200)
                .body("status", equalTo("LINKED"))
                .body("linkedTo", equalTo(first));
        given().contentType(ContentType.JSON).body(Map.of("identityHash", hash))
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(200)
                .body("enrolled", equalTo(true))
                .body("memberNumber", equalTo(first))
                .body("issuingLibrary", equalTo(first.substring(0, 6)))
                .body("region", equalTo("seoul"))
                .body("status", equalTo("NORMAL"));
        List<String> linked = given().when().get("/api/v1/national/duplicates?limit=500")
                .then().statusCode(200).extract().jsonPath().getList("memberNumber");
        assertThat(linked).contains(second);
    }

    @Test
    void regionLinkRetiresNumber() {
        String number = newNumber();
        String older = newNumber();
        region.send(envelope(enrolled(number, newIdentityHash(), "seoul", MemberStatus.NORMAL)));
        awaitOneDecision(number);
        region.send(envelope(new MemberLinked(number, older, "seoul", Instant.now())));

        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/v1/national/members/{n}", number)
                .then().statusCode(200).body("status", equalTo("LINKED")).body("linkedTo", equalTo(older)));
    }

    @Test
    void refusesBadCheckDigitAndLegacyNumbers() {
        // Issued at a Daegu library: the Daegu region sends the events.
        String badCheck = withWrongCheckDigit(newNumber("122001"));
        EventEnvelope badCheckEvent = envelope(enrolled(badCheck, newIdentityHash(), "daegu", MemberStatus.NORMAL));
        String legacy = newNumber("122001").substring(0, 8) + "123456";
        EventEnvelope legacyEvent = envelope(new MemberEnrolled(legacy, NumberForm.LEGACY, legacy.substring(0, 6),
                legacy.substring(0, 6), "daegu", newIdentityHash(), MemberCategory.FULL, MemberStatus.NORMAL,
                Instant.now()));
        region.send(badCheckEvent);
        region.send(legacyEvent);

        MemberNumberRefused refusedCheck = CODEC.payload(awaitOneDecision(badCheck), MemberNumberRefused.class);
        assertThat(refusedCheck.errorCode()).isEqualTo(ErrorCode.MEMBER_NUMBER_CHECK_DIGIT.name());
        assertThat(refusedCheck.refusedEventId()).isEqualTo(badCheckEvent.id());
        assertThat(refusedCheck.region()).isEqualTo("daegu");
        MemberNumberRefused refusedLegacy = CODEC.payload(awaitOneDecision(legacy), MemberNumberRefused.class);
        assertThat(refusedLegacy.errorCode()).isEqualTo(ErrorCode.MEMBER_NUMBER_LEGACY_NOT_ALLOWED.name());
        assertThat(refusedLegacy.refusedEventId()).isEqualTo(legacyEvent.id());

        assertThat(Db.count("select count(*) from national_member where member_number in (?, ?)", badCheck, legacy))
                .isZero();
        List<String> refused = given().when().get("/api/v1/national/refusals?limit=500")
                .then().statusCode(200).extract().jsonPath().getList("memberNumber");
        assertThat(refused).contains(badCheck, legacy);
        // Reading a number with a wrong check digit is a client mistake too.
        given().when().get("/api/v1/national/members/{n}", badCheck)
                .then().statusCode(400).body("code", equalTo("MEMBER_NUMBER_CHECK_DIGIT"));
    }

    @Test
    void unreadableRecordGoesToDeadLetterTopicAndConsumerKeepsWorking() {
        double before = deadLettered("unreadable");
        String key = newNumber();
        String garbage = "{this is not an event " + key + "}";
        String missingField = "{\"specversion\":\"1.0\",\"id\":\"" + java.util.UUID.randomUUID()
                + "\",\"source\":\"/x\",\"type\":\"" + EventType.MEMBER_ENROLLED.ceType()
                + "\",\"time\":\"2024-06-01T00:00:00Z\",\"subject\":\"" + key + "\",\"data\":{\"memberNumber\":\""
                + key + "\"}}";
        region.send(key, garbage);
        region.send(key, missingField);

        try (TopicReader dlq = new TopicReader(Topics.MEMBER_EVENTS + Topics.DEAD_LETTER_SUFFIX)) {
            await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThat(dlq.byKey(key))
                    .extracting(r -> r.value()).containsExactlyInAnyOrder(garbage, missingField));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(deadLettered("unreadable")).as("dead letters counted")
                .isEqualTo(before + 2));

        String next = newNumber();
        region.send(envelope(enrolled(next, newIdentityHash(), "seoul", MemberStatus.NORMAL)));
        assertThat(CODEC.typeOf(awaitOneDecision(next))).isEqualTo(EventType.MEMBER_REGISTERED);
    }

    @Test
    void eventThatCannotBeAppliedIsDeadLetteredAndTheOthersOfItsBatchAreApplied() {
        double deadBefore = deadLettered("failed");
        // Three events under one key (one partition, in order, usually one poll): the middle one is readable but
        // cannot be stored (an identity hash longer than the column), so the batch transaction fails; the hub falls
        // back to one event per transaction, applies the other two and dead-letters only the bad one.
        String key = newNumber();
        String before = newNumber();
        String bad = newNumber();
        String after = newNumber();
        EventEnvelope poison = envelope(enrolled(bad, "h" + "0".repeat(300), "seoul", MemberStatus.NORMAL));
        String poisonValue = CODEC.write(poison);
        // Sent together (one flush, no wait in between) so that the hub usually receives them in one poll.
        List<Future<RecordMetadata>> sent = List.of(
                region.producer().send(new ProducerRecord<>(KafkaTestClient.SEOUL_EVENTS, key,
                        CODEC.write(envelope(enrolled(before, newIdentityHash(), "seoul", MemberStatus.NORMAL))))),
                region.producer().send(new ProducerRecord<>(KafkaTestClient.SEOUL_EVENTS, key, poisonValue)),
                region.producer().send(new ProducerRecord<>(KafkaTestClient.SEOUL_EVENTS, key,
                        CODEC.write(envelope(enrolled(after, newIdentityHash(), "seoul", MemberStatus.NORMAL))))));
        region.producer().flush();
        for (var f : sent) {
            assertThat(f).succeedsWithin(Duration.ofSeconds(10));
        }

        assertThat(CODEC.typeOf(awaitOneDecision(before))).isEqualTo(EventType.MEMBER_REGISTERED);
        assertThat(CODEC.typeOf(awaitOneDecision(after))).isEqualTo(EventType.MEMBER_REGISTERED);
        try (TopicReader dlq = new TopicReader(Topics.MEMBER_EVENTS + Topics.DEAD_LETTER_SUFFIX)) {
            await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThat(dlq.byKey(key))
                    .extracting(r -> r.value()).containsExactly(poisonValue));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(deadLettered("failed")).as("dead letters counted")
                .isEqualTo(deadBefore + 1));
        assertThat(Db.count("select count(*) from national_member where member_number = ?", bad)).isZero();
        assertThat(Db.count("select count(*) from processed_event where event_id = ?", poison.id())).isZero();
    }

    @Test
    void identityLookupReturnsNotEnrolledForUnknownHash() {
        given().contentType(ContentType.JSON).body(Map.of("identityHash", newIdentityHash()))
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(200)
                .body("enrolled", equalTo(false))
                .body("memberNumber", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void eventsTheirTopicsWriterCouldNotHaveSentAreDeadLetteredCountedAndChangeNothing() {
        String member = region.registered(newIdentityHash(), "seoul");
        double before = deadLettered("sender");
        Instant now = Instant.now();
        String seoul = Topics.memberEventsOf("seoul");
        String gyeonggi = Topics.memberEventsOf("gyeonggi");
        // Gyeonggi's principal writes a suspension of a Seoul library into its own topic, naming Seoul.
        EventEnvelope suspension = CODEC.envelope(TestEvents.sourceOf("gyeonggi"), new MemberSuspended(member,
                TestEvents.today().plusDays(30), "111001", "forged", now, "seoul"), now);
        // Seoul's topic carries a loan at a Gyeonggi library: Seoul cannot lend there.
        EventEnvelope loan = CODEC.envelope(TestEvents.REGION_SOURCE, new LoanCreated(UUID.randomUUID().toString(),
                member, "141001", "141001", "$141001EM0000000001", "seoul", now, TestEvents.today().plusDays(14),
                false, List.of()), now);
        // Seoul's topic carries an event whose source says Gyeonggi.
        EventEnvelope withdrawal = CODEC.envelope(TestEvents.sourceOf("gyeonggi"), new MemberUpdated(member, "seoul",
                MemberCategory.FULL, null, null, MemberStatus.WITHDRAWN, List.of("status"), 99, now), now);
        // A region's topic that no configured region owns.
        EventEnvelope unknown = CODEC.envelope(TestEvents.sourceOf("atlantis"), new LoanCreated(
                UUID.randomUUID().toString(), member, "111001", "111001", "$111001EM0000000002", "atlantis", now,
                TestEvents.today().plusDays(14), false, List.of()), now);
        KafkaTestClient.send(region.producer(), gyeonggi, member, CODEC.write(suspension));
        KafkaTestClient.send(region.producer(), seoul, member, CODEC.write(loan));
        KafkaTestClient.send(region.producer(), seoul, member, CODEC.write(withdrawal));
        KafkaTestClient.send(region.producer(), Topics.memberEventsOf("atlantis"), member, CODEC.write(unknown));

        try (TopicReader dlq = new TopicReader(Topics.MEMBER_EVENTS + Topics.DEAD_LETTER_SUFFIX)) {
            await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThat(dlq.byKey(member))
                    .extracting(r -> r.value())
                    .containsExactlyInAnyOrder(CODEC.write(suspension), CODEC.write(loan), CODEC.write(withdrawal),
                            CODEC.write(unknown)));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(deadLettered("sender")).as("counted as sender")
                .isEqualTo(before + 4));
        // Nothing changed: a marker sent after them on Seoul's topic is applied, and the member is as before.
        String marker = region.sendMarker(member, "seoul");
        await().atMost(WAIT).until(() -> Db.count("select count(*) from processed_event where event_id = ?",
                marker) == 1);
        given().when().get("/api/v1/national/members/{n}", member)
                .then().statusCode(200).body("status", equalTo("NORMAL"));
        assertThat(Db.count("select count(*) from national_loan where member_number = ?", member)).isZero();
        assertThat(Db.count("select count(*) from national_suspension where member_number = ?", member)).isZero();
    }

    /**
     * A batch delivered again (after a rebalance, or a restart before its offsets were committed) holds records that
     * were dead-lettered already: they are neither sent nor counted a second time.
     */
    @Test
    void aBatchDeliveredAgainDoesNotDeadLetterOrCountItsRecordsTwice() throws Exception {
        String member = region.registered(newIdentityHash(), "seoul");
        double before = deadLettered("sender");
        Instant now = Instant.now();
        String gyeonggi = Topics.memberEventsOf("gyeonggi");
        EventEnvelope forged = CODEC.envelope(TestEvents.sourceOf("gyeonggi"), new MemberSuspended(member,
                TestEvents.today().plusDays(30), "111001", "forged", now, "seoul"), now);
        ConsumerRecord<String, String> record = new ConsumerRecord<>(gyeonggi, 0, System.nanoTime(), member,
                CODEC.write(forged));
        ConsumerRecords<String, String> batch = new ConsumerRecords<>(
                Map.of(new TopicPartition(gyeonggi, 0), List.of(record)));

        memberEvents.consume(batch);
        memberEvents.consume(batch); // the same records again, as the broker redelivers them

        assertThat(deadLettered("sender")).as("counted once").isEqualTo(before + 1);
        try (TopicReader dlq = new TopicReader(Topics.MEMBER_EVENTS + Topics.DEAD_LETTER_SUFFIX)) {
            await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThat(dlq.byKey(member))
                    .extracting(r -> r.value()).containsExactly(CODEC.write(forged)));
        }
    }

    @Test
    void outboxBacklogIsMeasuredAndReported() {
        String number = newNumber();
        region.send(envelope(enrolled(number, newIdentityHash(), "seoul", MemberStatus.NORMAL)));
        awaitOneDecision(number);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("chaekieum_outbox_backlog"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'outbox' }.data.kafka", equalTo("reachable"));
    }

    @Test
    void deadLettersAreCountedFromZeroBeforeTheFirstOne() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("chaekieum_events_dead_lettered_total{reason=\"failed\",topic=\""
                        + Topics.MEMBER_EVENTS + "\"}"))
                .body(org.hamcrest.Matchers.containsString("chaekieum_events_dead_lettered_total{reason=\"unreadable\","
                        + "topic=\"" + Topics.MEMBER_EVENTS + "\"}"))
                .body(org.hamcrest.Matchers.containsString("chaekieum_events_dead_lettered_total{reason=\"sender\","
                        + "topic=\"" + Topics.MEMBER_EVENTS + "\"}"));
    }

    private double deadLettered(String reason) {
        return registry.counter(DeadLetterCounter.METRIC, "topic", Topics.MEMBER_EVENTS, "reason", reason).count();
    }

    private EventEnvelope awaitOneDecision(String number) {
        return await().atMost(WAIT).pollInSameThread().until(() -> region.decisions().envelopes(number),
                list -> list.size() == 1).get(0);
    }
}
