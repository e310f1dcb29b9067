package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.region.support.Desk.checkout;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.region.support.Desk.giveBack;
import static org.chaekieum.region.support.Desk.item;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.contracts.event.RightsGranted;
import org.chaekieum.contracts.event.RightsHeld;
import org.chaekieum.region.support.Broker;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Desk;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checkouts on the rights of the national cap this region holds (issue 17; {@code national-cap-by=RIGHTS} and the
 * degraded rule off, the defaults): the hub (stood in) is asked once for a member who borrows here only, never per checkout; forty
 * concurrent checkouts lend exactly the cap; rights held elsewhere come back through the hub; with the hub down only
 * rights held here are lent on; the hub asks back only free rights, each give once.
 */
@QuarkusTest
class CirculationOnRightsTest {

    private static final String LIBRARY = "111001";
    private static final EventCodec CODEC = new EventCodec();

    @BeforeEach
    void setUp() {
        TestHub.reset();
        for (String library : List.of("111001", "111002")) {
            given().contentType(ContentType.JSON).body("""
                    {"loanCap":50,"loanPeriodDays":14,"renewalLimit":1,"renewalDays":7}""")
                    .put("/api/v1/operator/libraries/" + library + "/policy").then().statusCode(200);
        }
    }

    @AfterEach
    void tearDown() {
        TestHub.reset();
    }

    @Test
    void aMemberWhoBorrowsHereOnlyAsksTheHubOnceAndThenNeverPerCheckout() {
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        List<String> items = new ArrayList<>();
        items.add(lend(member));
        assertThat(TestHub.rightsAsks()).as("asks for rights after the first checkout").isEqualTo(1);
        assertThat(TestHub.rightsOf(member)).as("rights granted here").isEqualTo(20);

        int callsBefore = TestHub.calls();
        for (int i = 1; i < 20; i++) {
            items.add(lend(member));
        }
        assertThat(TestHub.calls() - callsBefore).as("calls to the hub by checkouts 2 to 20").isZero();

        Response refused = checkout(LIBRARY, member, item(LIBRARY), null);
        refused.then().statusCode(409).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("NATIONAL_CAP_REACHED"))
                .body("context.nationalCap", equalTo(20)).body("context.loansInRegion", equalTo(20))
                .body("detailKo", startsWith("전국 통합 대출 한도 20권"));
        assertThat(TestHub.rightsAsks()).as("the 21st checkout asked once more, in vain").isEqualTo(2);

        giveBack(LIBRARY, items.get(0)).then().statusCode(200);
        callsBefore = TestHub.calls();
        lend(member);
        assertThat(TestHub.calls() - callsBefore).as("a checkout on the right the return freed").isZero();
    }

    @Test
    void fortyConcurrentCheckoutsForOneMemberLendExactlyTheCap() throws Exception {
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        ExecutorService desks = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> checkouts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                checkouts.add(() -> checkout(LIBRARY, member, item(LIBRARY), null));
            }
            int lent = 0;
            int refused = 0;
            for (Future<Response> answer : desks.invokeAll(checkouts)) {
                Response response = answer.get();
                if (response.statusCode() == 201) {
                    lent++;
                } else {
                    assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
                    assertThat(response.jsonPath().getString("code")).isEqualTo("NATIONAL_CAP_REACHED");
                    refused++;
                }
            }
            assertThat(lent).as("loans made").isEqualTo(20);
            assertThat(refused).as("checkouts refused").isEqualTo(20);
            assertThat(Db.count("select count(*) from loan where member_number = ? and returned_at is null", member))
                    .as("active loans of the member").isEqualTo(20);
        } finally {
            desks.shutdownNow();
        }
    }

    @Test
    void rightsHeldElsewhereComeBackThroughTheHub() {
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        TestHub.heldElsewhere(member, 15);
        for (int i = 0; i < 5; i++) {
            lend(member);
        }
        assertThat(TestHub.rightsAsks()).as("one ask for the 5 unallocated rights").isEqualTo(1);
        lend(member);
        assertThat(TestHub.rightsAsks()).as("one more when they were used").isEqualTo(2);
        assertThat(TestHub.rightsOf(member)).isEqualTo(20);
    }

    @Test
    void withTheHubDownOnlyRightsHeldHereAreLentOnAndTheRestIsRefusedAsUnverifiable() {
        TestHub.nationalCap(3);
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        String other = enroll(LIBRARY, Requests.newIdentityKey()); // enrolled while the hub is up: a full member
        lend(member);
        TestHub.down(true);
        lend(member);
        lend(member);
        Response unverifiable = checkout(LIBRARY, member, item(LIBRARY), null);
        assertThat(unverifiable.statusCode()).as(unverifiable.asString()).isEqualTo(503);
        unverifiable.then().contentType(startsWith("application/problem+json"))
                .body("code", equalTo("NATIONAL_CAP_UNVERIFIABLE"));
        checkout(LIBRARY, other, item(LIBRARY), null).then().statusCode(503)
                .body("code", equalTo("NATIONAL_CAP_UNVERIFIABLE"));
        assertThat(Db.count("select count(*) from loan where member_number = ? and returned_at is null", member))
                .as("loans of the member, none past the rights held here").isEqualTo(3);
    }

    @Test
    void theHubAsksBackOnlyFreeRightsAndTheSameAskGivesOnce() {
        TestHub.nationalCap(5);
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        for (int i = 0; i < 3; i++) {
            lend(member);
        }
        String move = UUID.randomUUID().toString();
        give(member, move, 5).statusCode(200).body("given", equalTo(2)).body("held", equalTo(3))
                .body("moveId", equalTo(move));
        give(member, move, 5).statusCode(200).body("given", equalTo(2)).body("held", equalTo(3));
        give(member, UUID.randomUUID().toString(), 1).statusCode(200).body("given", equalTo(0));
        TestHub.rightsHeldHere(member, 3); // as the hub records the give: the region holds 3 in its ledger

        // No free right left here: the next checkout asks the hub, which grants the two given back again.
        int asks = TestHub.rightsAsks();
        lend(member);
        assertThat(TestHub.rightsAsks()).as("no free right left here: the hub was asked").isEqualTo(asks + 1);

        give(member, "", 1).statusCode(400).body("errors.field", hasItem("moveId"));
        give(member, UUID.randomUUID().toString(), 0).statusCode(400).body("errors.field", hasItem("count"));
        given().header("Authorization", "Bearer " + TestTokens.librarySystem(LIBRARY)).contentType(ContentType.JSON)
                .body(Map.of("moveId", UUID.randomUUID().toString(), "count", 1))
                .post("/api/v1/federation/members/{n}/rights/gives", member).then().statusCode(403);
    }

    @Test
    void loansMadeBeforeRightsTakeTheRightsTheHubStartsTheRegionWith() {
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        // Two loans outside rights (as before the switch): reported while the hub could not be asked for a right.
        TestHub.down(true);
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON)
                    .body(Desk.loanReport(member, item(LIBRARY), TestClock.now().minusSeconds(3600),
                            TestClock.today().plusDays(14)))
                    .put("/api/v1/libraries/" + LIBRARY + "/loan-reports/" + Desk.reportKey()).then().statusCode(201);
        }
        TestHub.down(false);
        TestHub.rightsHeldHere(member, 2); // the hub's start: the rights the region's open loans take
        // The breaker to the hub, opened while it was away, closes again after its delay (200 ms in tests).
        await().atMost(Duration.ofSeconds(10)).until(() -> checkout(LIBRARY, member, item(LIBRARY), null)
                .statusCode() == 201);
        for (int i = 0; i < 17; i++) {
            lend(member);
        }
        checkout(LIBRARY, member, item(LIBRARY), null).then().statusCode(409)
                .body("code", equalTo("NATIONAL_CAP_REACHED")).body("context.loansInRegion", equalTo(20))
                .body("context.rightsInRegion", equalTo(20));
        assertThat(TestHub.rightsAsks()).as("one ask for the 18, one in vain").isEqualTo(2);
    }

    @Test
    void aGrantWhoseAnswerWasLostIsCreditedFromTheHubsEventOnceAndEveryMoveIsAnnounced() {
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        TestHub.down(true);
        checkout(LIBRARY, member, item(LIBRARY), null).then().statusCode(503)
                .body("code", equalTo("NATIONAL_CAP_UNVERIFIABLE"));

        // The hub granted 2 (its answer never came), then the same grant's event again, one for another region, and
        // one more grant of 1: credited 2 + 1, each once, in order.
        String lost = UUID.randomUUID().toString();
        Broker.sendDecision(Broker.fromHub(new RightsGranted(member, "seoul", lost, 2, 2, 20, TestClock.now())));
        Broker.sendDecision(Broker.fromHub(new RightsGranted(member, "seoul", lost, 2, 2, 20, TestClock.now())));
        Broker.sendDecision(Broker.fromHub(new RightsGranted(member, "busan", UUID.randomUUID().toString(), 5, 5, 20,
                TestClock.now())));
        String more = UUID.randomUUID().toString();
        Broker.sendDecision(Broker.fromHub(new RightsGranted(member, "seoul", more, 1, 3, 20, TestClock.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(
                "select count(*) from rights_move where move_id = ? and kind = 'CREDITED'", more) == 1);
        assertThat(Db.count("select held from member_rights where member_number = ?", member)).isEqualTo(3);

        // The hub still away: the three rights credited here are lent on, then nothing more.
        for (int i = 0; i < 3; i++) {
            lend(member);
        }
        checkout(LIBRARY, member, item(LIBRARY), null).then().statusCode(503)
                .body("code", equalTo("NATIONAL_CAP_UNVERIFIABLE"));
        TestHub.down(false);
        TestHub.rightsHeldHere(member, 3); // as the hub's ledger has it

        // Each move is announced to the hub with what the region holds after it, the give too.
        lend(member); // asks the hub: 17 more
        give(member, UUID.randomUUID().toString(), 4).statusCode(200).body("given", equalTo(4));
        assertThat(Db.column("select payload from outbox_event where message_key = ?1 and event_type = ?2 "
                        + "order by created_at", member, EventType.RIGHTS_HELD.ceType()).stream()
                .map(json -> CODEC.payload(CODEC.read((String) json), RightsHeld.class))
                .map(held -> held.kind() + " " + held.count() + " " + held.held() + " " + held.region()))
                .containsExactly("CREDITED 2 2 seoul", "CREDITED 1 3 seoul", "CREDITED 17 20 seoul",
                        "GIVEN 4 16 seoul");
    }

    @Test
    void aReportedLoanTakesAFreeRightAndWithNoneToBeHadIsRecordedAsOverridingTheNationalCap() {
        TestHub.nationalCap(2);
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        lend(member); // asks the hub: both rights come here
        int asks = TestHub.rightsAsks();
        report(member).statusCode(201).body("overrode", nullValue()).body("loan.degraded", equalTo(false));
        assertThat(TestHub.rightsAsks()).as("the free right held here was taken, no ask").isEqualTo(asks);

        // Both rights taken: the report asks the hub once, gets none, and the loan is recorded past the cap.
        report(member).statusCode(201).body("overrode", equalTo(List.of("NATIONAL_CAP_REACHED")))
                .body("loan.degraded", equalTo(true));
        assertThat(TestHub.rightsAsks()).isEqualTo(asks + 1);
        assertThat(Db.count("select count(*) from loan where member_number = ? and returned_at is null", member))
                .isEqualTo(3);
        checkout(LIBRARY, member, item(LIBRARY), null).then().statusCode(409)
                .body("code", equalTo("NATIONAL_CAP_REACHED"));
    }

    private static io.restassured.response.ValidatableResponse report(String member) {
        return given().contentType(ContentType.JSON)
                .body(Desk.loanReport(member, item(LIBRARY), TestClock.now().minusSeconds(60),
                        TestClock.today().plusDays(14)))
                .put("/api/v1/libraries/" + LIBRARY + "/loan-reports/" + Desk.reportKey()).then();
    }

    private static String lend(String member) {
        String item = item(LIBRARY);
        Response response = checkout(LIBRARY, member, item, null);
        assertThat(response.statusCode()).as("checkout: %s", response.asString()).isEqualTo(201);
        return item;
    }

    private static io.restassured.response.ValidatableResponse give(String member, String moveId, int count) {
        return given().header("Authorization", "Bearer " + TestTokens.hubService()).contentType(ContentType.JSON)
                .body(Map.of("moveId", moveId, "count", count))
                .post("/api/v1/federation/members/{n}/rights/gives", member).then();
    }
}
