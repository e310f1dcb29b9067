package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.DuplicateIdentityDetected;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.event.MemberLinked;
import org.chaekieum.contracts.event.MemberRegistered;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.members.IdentityHasher;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.support.Broker;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.runtime.messaging.DeadLetterCounter;
import org.chaekieum.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EnrollmentTest {

    private static final String YEAR = String.format("%02d", TestClock.today().getYear() % 100);
    private final EventCodec codec = new EventCodec();

    @Inject
    IdentityHasher hasher;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void hubAnswers() {
        TestHub.reset();
    }

    /** The stand-in hub answers as usual again, even after a test that failed while it was down. */
    @AfterEach
    void hubBackToNormal() {
        TestHub.reset();
    }

    @Test
    void enrollsAnAdultAndPublishesTheEventWithoutPersonalData() {
        String identityKey = Requests.newIdentityKey();
        String number = given().contentType(ContentType.JSON).body(Requests.adult(identityKey))
                .when().post("/api/v1/libraries/111001/members")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("status", equalTo("NORMAL"))
                .body("memberNumber", startsWith("111001" + YEAR))
                .body("numberForm", equalTo("CHECK_DIGIT"))
                .extract().path("memberNumber");
        assertThat(UnifiedMemberNumber.hasValidCheckDigit(number)).isTrue();

        given().when().get("/api/v1/libraries/111001/members/" + number)
                .then().statusCode(200)
                .body("name", equalTo("김책이"))
                .body("issuingLibrary", equalTo("111001"));

        ConsumerRecord<String, String> record = Broker.memberEvents(number, 1).get(0);
        EventEnvelope envelope = codec.read(record.value());
        assertThat(envelope.subject()).isEqualTo(number);
        assertThat(envelope.source()).isEqualTo("/chaekieum/regions/seoul");
        MemberEnrolled enrolled = codec.payload(envelope, MemberEnrolled.class);
        assertThat(enrolled.identityHash()).isEqualTo(hasher.hash(identityKey));
        assertThat(enrolled.status()).isEqualTo(MemberStatus.NORMAL);
        assertThat(record.value()).doesNotContain("김책이", "010-1234-5678", identityKey, "세종대로");
    }

    @Test
    void refusesAPersonTheHubAlreadyKnowsAndWritesNothing() {
        String identityKey = Requests.newIdentityKey();
        TestHub.knows(hasher.hash(identityKey), "14100126000012");
        long before = members();

        given().contentType(ContentType.JSON).body(Requests.adult(identityKey))
                .when().post("/api/v1/libraries/111002/members")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("IDENTITY_ALREADY_ENROLLED"))
                .body("context.existingMemberNumber", equalTo("14100126000012"))
                .body("detailKo", startsWith("이미 통합회원번호 14100126000012"));

        assertThat(members()).isEqualTo(before);
    }

    @Test
    void refusesTheSamePersonTwiceInTheRegionNamingTheFirstNumber() {
        String identityKey = Requests.newIdentityKey();
        String first = given().contentType(ContentType.JSON).body(Requests.adult(identityKey))
                .post("/api/v1/libraries/111001/members").then().statusCode(201).extract().path("memberNumber");

        given().contentType(ContentType.JSON).body(Requests.adult(identityKey))
                .post("/api/v1/libraries/111002/members")
                .then().statusCode(409)
                .body("code", equalTo("IDENTITY_ALREADY_ENROLLED"))
                .body("context.existingMemberNumber", equalTo(first));
    }

    @Test
    void enrollsAChildWithGuardianConsent() {
        String birthDate = TestClock.today().minusYears(8).toString();
        given().contentType(ContentType.JSON).body(Requests.child(Requests.newIdentityKey(), birthDate))
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(201)
                .body("guardianConsented", equalTo(true));
    }

    @Test
    void enrollsProvisionallyWhileTheHubIsDownAndSettlesWhenItAnswers() {
        TestHub.down(true);
        String confirmed = enroll(Requests.newIdentityKey(), MemberStatus.PROVISIONAL);
        String duplicate = enroll(Requests.newIdentityKey(), MemberStatus.PROVISIONAL);
        TestHub.down(false);

        // The hub registers the first and finds the second to be a person who already held 14100126000012.
        Broker.sendDecision(Broker.fromHub(new MemberRegistered(confirmed, "seoul", true, TestClock.now())));
        DuplicateIdentityDetected found = new DuplicateIdentityDetected(duplicate, "seoul", "14100126000012", "gyeonggi",
                TestClock.now());
        EventEnvelope decision = Broker.fromHub(found);
        Broker.sendDecision(decision);
        // Delivered twice: applied once.
        Broker.sendDecision(decision);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(status(confirmed)).isEqualTo(MemberStatus.NORMAL);
            assertThat(status(duplicate)).isEqualTo(MemberStatus.LINKED);
        });
        given().get("/api/v1/libraries/111001/members/" + duplicate)
                .then().statusCode(200).body("linkedTo", equalTo("14100126000012"));

        assertThat(Broker.memberEvent(duplicate, MemberLinked.class, "member.linked.v1").linkedTo())
                .isEqualTo("14100126000012");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Member.getEntityManager()
                .createNativeQuery("select count(*) from outbox_event where message_key = ?1 and event_type like '%linked%'")
                .setParameter(1, duplicate).getSingleResult())).isEqualTo(1L);
    }

    @Test
    void anUnreadableDecisionIsDeadLetteredAndTheNextOneIsStillApplied() {
        Counter deadLettered = registry.counter(DeadLetterCounter.METRIC, "topic", Topics.NATIONAL_DECISIONS,
                "reason", "unreadable");
        double before = deadLettered.count();
        TestHub.down(true);
        String member = enroll(Requests.newIdentityKey(), MemberStatus.PROVISIONAL);
        TestHub.down(false);
        String garbage = "{not an event " + member;
        Broker.send(Topics.NATIONAL_DECISIONS, member, garbage);
        Broker.sendDecision(Broker.fromHub(new MemberRegistered(member, "seoul", true, TestClock.now())));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(status(member)).isEqualTo(MemberStatus.NORMAL));
        List<ConsumerRecord<String, String>> dead = Broker.awaitRecords(
                Topics.NATIONAL_DECISIONS + ".dlq.seoul", r -> garbage.equals(r.value()), 1);
        assertThat(dead.get(0).key()).isEqualTo(member);
        assertThat(deadLettered.count()).as("dead letters counted").isEqualTo(before + 1);
    }

    private String enroll(String identityKey, MemberStatus expected) {
        return given().contentType(ContentType.JSON).body(Requests.adult(identityKey))
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(201)
                .body("status", equalTo(expected.name()))
                .extract().path("memberNumber");
    }

    private static MemberStatus status(String number) {
        return QuarkusTransaction.requiringNew().call(() -> Member.byNumber(number).orElseThrow().status);
    }

    private static long members() {
        return QuarkusTransaction.requiringNew().call(() -> Member.count());
    }
}
