package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.chaekieum.region.support.Desk.checkout;
import static org.chaekieum.region.support.Desk.item;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chaekieum.contracts.event.CheckoutRefused;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.contracts.event.MemberImported;
import org.chaekieum.region.support.Broker;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Desk;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The events the hub's daily statistics count that only the region can announce: a checkout refused by a rule
 * ({@code checkout.refused.v1}, once per refusal, never for a malformed request or an item problem) and a member's
 * registration at one more library ({@code member.imported.v1}).
 */
@QuarkusTest
class StatisticsEventsTest {

    private final EventCodec codec = new EventCodec();

    @Inject
    CircuitBreakerMaintenance breakers;

    /** A hub that answers, and closed breakers: an earlier test's outage must not turn a refusal into a degraded loan. */
    @BeforeEach
    void hub() {
        TestHub.reset();
        breakers.resetAll();
    }

    @Test
    void aCheckoutRefusedByTheNationalCapIsAnnouncedOnceAndAMalformedRequestNever() {
        TestHub.nationalCap(1);
        String member = Desk.enroll("111002", Requests.newIdentityKey());
        checkout("111002", member, item("111002"), null).then().statusCode(201);

        checkout("111002", member, item("111002"), "refused-" + member).then().statusCode(409)
                .body("code", equalTo("NATIONAL_CAP_REACHED"));
        // Not decisions of the rules: malformed requests, an item of another library.
        given().contentType(ContentType.JSON).body("{\"memberNumber\":\"%s\",\"itemBarcode\":\"$11100\"}"
                .formatted(member)).post("/api/v1/libraries/111002/checkouts").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        given().contentType(ContentType.JSON).body("{\"memberNumber\":\"%s\",\"itemBarcode\":".formatted(member))
                .post("/api/v1/libraries/111002/checkouts").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"memberNumber\":\"%s\",\"itemBarcode\":42}".formatted(member))
                .post("/api/v1/libraries/111002/checkouts").then().statusCode(400);
        checkout("111002", member, item("111001"), null).then().statusCode(409)
                .body("code", equalTo("ITEM_NOT_HELD_HERE"));

        List<CheckoutRefused> announced = outboxed(member, EventType.CHECKOUT_REFUSED, CheckoutRefused.class);
        assertThat(announced).hasSize(1);
        CheckoutRefused refused = announced.get(0);
        assertThat(refused.reason()).isEqualTo("NATIONAL_CAP_REACHED");
        assertThat(refused.libraryCode()).isEqualTo("111002");
        assertThat(refused.region()).isEqualTo("seoul");
        assertThat(refused.memberNumber()).isEqualTo(member);

        List<ConsumerRecord<String, String>> published = Broker.awaitRecords(
                Broker.MEMBER_EVENTS, r -> member.equals(r.key())
                        && r.value().contains(EventType.CHECKOUT_REFUSED.ceType()), 1);
        assertThat(codec.payload(codec.read(published.get(0).value()), CheckoutRefused.class)).isEqualTo(refused);
    }

    @Test
    void theRegionsOwnRulesAreAnnouncedWithTheirCodes() {
        String member = Desk.enroll("111001", Requests.newIdentityKey());
        checkout("111003", member, item("111003"), null).then().statusCode(409)
                .body("code", equalTo("IMPORT_REQUIRED"));
        assertThat(outboxed(member, EventType.CHECKOUT_REFUSED, CheckoutRefused.class))
                .extracting(CheckoutRefused::reason, CheckoutRefused::libraryCode)
                .containsExactly(tuple("IMPORT_REQUIRED", "111003"));

        String away = Desk.enroll("111002", Requests.newIdentityKey());
        TestHub.down(true); // no right held here and the hub away: refused (the degraded rule is off by default)
        checkout("111002", away, item("111002"), null).then().statusCode(503)
                .body("code", equalTo("NATIONAL_CAP_UNVERIFIABLE"));
        assertThat(outboxed(away, EventType.CHECKOUT_REFUSED, CheckoutRefused.class))
                .extracting(CheckoutRefused::reason, CheckoutRefused::libraryCode)
                .containsExactly(tuple("NATIONAL_CAP_UNVERIFIABLE", "111002"));
    }

    @Test
    void aRegistrationAtOneMoreLibraryIsAnnouncedOnceAsAnImport() {
        String key = Requests.newIdentityKey();
        String member = Desk.enroll("111001", key);
        Desk.importAt("111002", member, key).then().statusCode(201);
        Desk.importAt("111002", member, key).then().statusCode(200); // the same import again: nothing new

        List<MemberImported> imported = outboxed(member, EventType.MEMBER_IMPORTED, MemberImported.class);
        assertThat(imported).hasSize(1);
        assertThat(imported.get(0).libraryCode()).isEqualTo("111002");
        assertThat(imported.get(0).region()).isEqualTo("seoul");
        assertThat(imported.get(0).provisional()).isFalse();
    }

    private <T extends EventPayload> List<T> outboxed(String member, EventType type, Class<T> payloadType) {
        return Db.column("select payload from outbox_event where message_key = ?1 and event_type = ?2 "
                        + "order by created_at", member, type.ceType()).stream()
                .map(json -> codec.payload(codec.read((String) json), payloadType))
                .toList();
    }
}
