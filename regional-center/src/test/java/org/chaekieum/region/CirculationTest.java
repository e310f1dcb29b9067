package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.region.support.Desk.checkout;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.region.support.Desk.giveBack;
import static org.chaekieum.region.support.Desk.importAt;
import static org.chaekieum.region.support.Desk.item;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.support.Broker;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkout, return and renewal at this region, with the (stand-in) hub as the national ledger. */
@QuarkusTest
class CirculationTest {

    @BeforeEach
    void policies() {
        TestHub.reset();
        policy("111001", 2, 14, 1, 7);
        policy("111002", 5, 10, 0, 7);
    }

    /** The stand-in hub answers as usual again, even after a test that failed while it was down. */
    @AfterEach
    void hubBackToNormal() {
        TestHub.reset();
    }

    @Test
    void lendsUpToTheLibraryCapAndSaysSoWithNumbers() {
        String member = enroll("111001", Requests.newIdentityKey());
        String item = item("111001");

        checkout("111001", member, item, null).then().statusCode(201)
                .body("memberNumber", equalTo(member))
                .body("owningLibrary", equalTo("111001"))
                .body("dueOn", equalTo(TestClock.today().plusDays(14).toString()))
                .body("status", equalTo("ACTIVE"))
                .body("degraded", equalTo(false));
        checkout("111001", member, item("111001"), null).then().statusCode(201);
        checkout("111001", member, item("111001"), null).then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("LIBRARY_CAP_REACHED"))
                .body("context.loansAtLibrary", equalTo(2))
                .body("context.libraryCap", equalTo(2))
                .body("detailKo", equalTo("이 도서관 대출 한도 2권 중 2권을 대출 중입니다."));

        LoanCreated created = Broker.memberEvent(member, LoanCreated.class, item);
        assertThat(created.itemBarcode()).isEqualTo(item);
        assertThat(created.region()).isEqualTo("seoul");
    }

    @Test
    void refusesWhatTheRulesForbid() {
        String member = enroll("111001", Requests.newIdentityKey());
        String item = item("111001");
        checkout("111001", member, item, null).then().statusCode(201);

        String other = enroll("111001", Requests.newIdentityKey());
        checkout("111001", other, item, null).then().statusCode(409).body("code", equalTo("ITEM_ON_LOAN"));
        checkout("111001", other, item("111002"), null).then().statusCode(409)
                .body("code", equalTo("ITEM_NOT_HELD_HERE"))
                .body("context.owningLibrary", equalTo("111002"));
        checkout("111002", other, item("111002"), null).then().statusCode(409).body("code", equalTo("IMPORT_REQUIRED"));
        given().contentType(ContentType.JSON).body("{\"category\":\"ASSOCIATE\",\"requestedBy\":\"desk-1\"}")
                .patch("/api/v1/libraries/111001/members/" + other).then().statusCode(200);
        checkout("111001", other, item("111001"), null).then().statusCode(409)
                .body("code", equalTo("ASSOCIATE_CANNOT_BORROW"));
        given().contentType(ContentType.JSON).body("{\"memberNumber\":\"123\",\"itemBarcode\":\"$11100\"}")
                .post("/api/v1/libraries/111001/checkouts").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("memberNumber", "itemBarcode"));
    }

    @Test
    void aRepeatedRequestGetsTheFirstAnswerAndMakesNoSecondLoan() {
        String member = enroll("111002", Requests.newIdentityKey());
        String item = item("111002");
        String key = "key-" + item;

        String first = checkout("111002", member, item, key).then().statusCode(201).extract().path("loanId");
        String second = checkout("111002", member, item, key).then().statusCode(200).extract().path("loanId");
        assertThat(second).isEqualTo(first);
        assertThat(Db.count("select count(*) from loan where item_barcode = ?1", item)).isEqualTo(1);
        checkout("111002", member, item("111002"), key).then().statusCode(422)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void returnsAtHomeAndElsewhereInTheRegionEndTheLoanAtOnce() {
        String member = enroll("111001", Requests.newIdentityKey());
        String home = item("111001");
        String away = item("111001");
        checkout("111001", member, home, null).then().statusCode(201);
        checkout("111001", member, away, null).then().statusCode(201);

        giveBack("111001", home).then().statusCode(200)
                .body("status", equalTo("RETURNED"))
                .body("returnedAtLibrary", equalTo("111001"))
                .body("transit", nullValue());
        giveBack("111002", away).then().statusCode(200)
                .body("returnedAtLibrary", equalTo("111002"))
                .body("transit", equalTo("RETURNED_ELSEWHERE"));
        giveBack("111002", away).then().statusCode(404).body("code", equalTo("ITEM_NOT_ON_LOAN"));

        // Both libraries see the item on its way home and move it on.
        given().get("/api/v1/libraries/111001/transits").then().statusCode(200)
                .header("X-Chaekieum-Partial", nullValue())
                .body("itemBarcode", org.hamcrest.Matchers.hasItem(away));
        given().contentType(ContentType.JSON).body("{\"state\":\"SHIPPED\"}")
                .post("/api/v1/libraries/111002/items/" + away + "/transit").then().statusCode(200)
                .body("transit", equalTo("SHIPPED"));
        given().contentType(ContentType.JSON).body("{\"state\":\"BACK_HOME\"}")
                .post("/api/v1/libraries/111001/items/" + away + "/transit").then().statusCode(200)
                .body("transit", equalTo("BACK_HOME"));
        checkout("111001", member, item("111001"), null).then().statusCode(201);
    }

    @Test
    void renewsWithinTheLimit() {
        String member = enroll("111001", Requests.newIdentityKey());
        String loanId = checkout("111001", member, item("111001"), null).then().statusCode(201).extract().path("loanId");

        given().post("/api/v1/libraries/111001/loans/" + loanId + "/renewal").then().statusCode(200)
                .body("dueOn", equalTo(TestClock.today().plusDays(21).toString()))
                .body("renewals", equalTo(1))
                .body("renewalsLeft", equalTo(0));
        given().post("/api/v1/libraries/111001/loans/" + loanId + "/renewal").then().statusCode(409)
                .body("code", equalTo("NO_RENEWALS_LEFT"));
    }

    @Test
    void withdrawalIsRefusedWhileLoansAreActive() {
        String member = enroll("111001", Requests.newIdentityKey());
        String item = item("111001");
        checkout("111001", member, item, null).then().statusCode(201);

        given().contentType(ContentType.JSON).body("{\"requestedBy\":\"desk-1\"}")
                .post("/api/v1/libraries/111001/members/" + member + "/withdrawal")
                .then().statusCode(409)
                .body("code", equalTo("WITHDRAWAL_REFUSED_ACTIVE_LOANS"));
        assertThat(Db.member(member).name).isEqualTo("김책이");
    }

    @Test
    void policiesAreValidatedAllAtOnce() {
        given().contentType(ContentType.JSON)
                .body("{\"loanCap\":0,\"loanPeriodDays\":400,\"renewalLimit\":1,\"multiChildLoanCap\":2}")
                .put("/api/v1/operator/libraries/111001/policy")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("loanCap", "loanPeriodDays", "renewalDays"));
    }

    @Test
    void aLibrarysSuspensionPolicyIsValidatedKeptAndShownWithTheRegionsDefaultOtherwise() {
        given().get("/api/v1/operator/libraries/111004/policy").then().statusCode(200)
                .body("suspension.counting", equalTo("LARGEST"))
                .body("suspension.weight", equalTo(1))
                .body("suspension.warnOnly", equalTo(false));
        given().contentType(ContentType.JSON).body("""
                {"loanCap":5,"loanPeriodDays":14,"renewalLimit":1,"renewalDays":14,
                 "suspension":{"offsetBefore":999,"weight":-1,"counting":null,"skipClosedDays":true,"maxDays":0}}""")
                .put("/api/v1/operator/libraries/111004/policy")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("suspension.offsetBefore", "suspension.weight",
                        "suspension.offsetAfter", "suspension.counting", "suspension.warnOnly"));
        given().contentType(ContentType.JSON).body("""
                {"loanCap":5,"loanPeriodDays":14,"renewalLimit":1,"renewalDays":14,
                 "suspension":{"offsetBefore":1,"weight":1.5,"offsetAfter":2,"counting":"SUM","skipClosedDays":true,
                               "maxDays":30,"warnOnly":true}}""")
                .put("/api/v1/operator/libraries/111004/policy")
                .then().statusCode(200)
                .body("suspension.counting", equalTo("SUM"));
        given().get("/api/v1/operator/libraries/111004/policy").then().statusCode(200)
                .body("suspension.offsetBefore", equalTo(1))
                .body("suspension.weight", equalTo(1.5f))
                .body("suspension.offsetAfter", equalTo(2))
                .body("suspension.skipClosedDays", equalTo(true))
                .body("suspension.maxDays", equalTo(30))
                .body("suspension.warnOnly", equalTo(true));
    }

    @Test
    void closedDaysAreKeptPerLibraryAndYear() {
        given().contentType(ContentType.JSON).body("[\"2026-01-01\",\"2025-12-31\",\"2026-03-01\",null]")
                .put("/api/v1/operator/libraries/111003/closed-days/2026")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("[1]", "[3]"));
        given().contentType(ContentType.JSON).body("[\"2026-03-01\",\"2026-01-01\",\"2026-03-01\"]")
                .put("/api/v1/operator/libraries/111003/closed-days/2026")
                .then().statusCode(200);
        given().get("/api/v1/operator/libraries/111003/closed-days/2026").then().statusCode(200)
                .body("", org.hamcrest.Matchers.contains("2026-01-01", "2026-03-01"));
        given().contentType(ContentType.JSON).body("[]")
                .put("/api/v1/operator/libraries/999001/closed-days/2026")
                .then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .body("code", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void lateReturnsSuspendByTheOwningLibrarysPolicyAndAWarnOnlyLibraryLendsWithAWarning() {
        suspensionPolicy("111001", "SUM", false);
        suspensionPolicy("111003", "LARGEST", true);
        String key = Requests.newIdentityKey();
        String member = enroll("111001", key);
        importAt("111002", member, key).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        importAt("111003", member, key).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        String three = item("111001");
        String five = item("111001");
        checkout("111001", member, three, null).then().statusCode(201);
        checkout("111001", member, five, null).then().statusCode(201);
        overdue(three, 3);
        overdue(five, 5);
        giveBack("111001", three).then().statusCode(200);
        giveBack("111001", five).then().statusCode(200);

        // Summed: 3 + 5 = 8 days, from today through today + 7.
        String until = TestClock.today().plusDays(7).toString();
        checkout("111002", member, item("111002"), null).then().statusCode(409)
                .body("code", equalTo("MEMBER_SUSPENDED"))
                .body("context.suspendedUntil", equalTo(until))
                .body("context.suspendedByLibrary", equalTo("111001"))
                .body("detail", org.hamcrest.Matchers.containsString(until))
                .body("detailKo", org.hamcrest.Matchers.containsString("111001"));
        checkout("111003", member, item("111003"), null).then().statusCode(201)
                .body("warnings[0].code", equalTo("MEMBER_SUSPENDED"))
                .body("warnings[0].context.suspendedUntil", equalTo(until));
        List<ConsumerRecord<String, String>> announced = Broker.memberEvents(member, 2, "member.suspended.v1");
        // The first late return earned 3 days; the second extended the suspension to 8 (announced again).
        assertThat(announced.get(0).value()).contains("\"suspendedUntil\":\""
                + TestClock.today().plusDays(2) + "\"");
        assertThat(announced.get(1).value()).contains("\"suspendedUntil\":\"" + until + "\"",
                "\"setByLibrary\":\"111001\"");
    }

    @Test
    void theLargestOverdueCountsAndASuspensionRefusesRenewals() {
        suspensionPolicy("111002", "LARGEST", false);
        String member = enroll("111002", Requests.newIdentityKey());
        String three = item("111002");
        String five = item("111002");
        checkout("111002", member, three, null).then().statusCode(201);
        checkout("111002", member, five, null).then().statusCode(201);
        String kept = checkout("111002", member, item("111002"), null).then().statusCode(201)
                .extract().path("loanId");
        overdue(five, 5);
        overdue(three, 3);
        giveBack("111002", five).then().statusCode(200);
        giveBack("111002", three).then().statusCode(200);

        // The largest: 5 days, through today + 4, whatever the order of the returns.
        String until = TestClock.today().plusDays(4).toString();
        assertThat(Db.member(member).suspendedUntil).hasToString(until);
        given().post("/api/v1/libraries/111002/loans/" + kept + "/renewal").then().statusCode(409)
                .body("code", equalTo("MEMBER_SUSPENDED"))
                .body("context.suspendedUntil", equalTo(until));

        // An operator lifts it, with a reason: lending and renewing go on, and the hub is told.
        given().contentType(ContentType.JSON).body("{\"reason\":\" \"}")
                .post("/api/v1/operator/members/" + member + "/suspension-lifts").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("reason"));
        given().contentType(ContentType.JSON).body("{\"reason\":\"book found damaged by the library\"}")
                .post("/api/v1/operator/members/11100199999990/suspension-lifts").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"reason\":\"book found damaged by the library\"}")
                .post("/api/v1/operator/members/" + member + "/suspension-lifts").then().statusCode(204);
        assertThat(Db.member(member).suspendedUntil).isNull();
        given().post("/api/v1/libraries/111002/loans/" + kept + "/renewal").then().statusCode(200);
        List<ConsumerRecord<String, String>> lifted = Broker.memberEvents(member, 1, "member.suspension-lifted.v1");
        assertThat(lifted.get(0).value()).contains("\"region\":\"seoul\"", "book found damaged");
    }

    @Test
    void anOperatorSuspendsByHandWithAReasonAndOnlyEverExtends() {
        String member = enroll("111001", Requests.newIdentityKey());
        LocalDate today = TestClock.today();
        given().contentType(ContentType.JSON).body("{\"libraryCode\":\"111001\",\"suspendedUntil\":\""
                        + today.minusDays(1) + "\"}")
                .post("/api/v1/operator/members/" + member + "/suspensions").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("suspendedUntil", "reason"));
        given().contentType(ContentType.JSON).body("{\"libraryCode\":\"111001\",\"suspendedUntil\":\""
                        + today.plusDays(10) + "\",\"reason\":\"damaged a book\"}")
                .post("/api/v1/operator/members/" + member + "/suspensions").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"libraryCode\":\"111002\",\"suspendedUntil\":\""
                        + today.plusDays(3) + "\",\"reason\":\"late again\"}")
                .post("/api/v1/operator/members/" + member + "/suspensions").then().statusCode(200);
        checkout("111001", member, item("111001"), null).then().statusCode(409)
                .body("code", equalTo("MEMBER_SUSPENDED"))
                .body("context.suspendedUntil", equalTo(today.plusDays(10).toString()))
                .body("context.suspendedByLibrary", equalTo("111001"));
    }

    @Test
    void theOverdueRunAnnouncesEachOverdueLoanOnce() {
        String member = enroll("111001", Requests.newIdentityKey());
        String late = item("111001");
        String loanId = checkout("111001", member, late, null).then().statusCode(201).extract().path("loanId");
        checkout("111001", member, item("111001"), null).then().statusCode(201);
        overdue(late, 4);

        given().post("/api/v1/operator/overdue-runs").then().statusCode(200)
                .body("newlyOverdue", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().post("/api/v1/operator/overdue-runs").then().statusCode(200);
        List<ConsumerRecord<String, String>> notices = Broker.memberEvents(member, 1, "loan.overdue.v1");
        assertThat(notices.get(0).value()).contains(loanId, "\"overdueDays\":4");
        assertThat(Db.count("select count(*) from outbox_event where message_key = ?1 and event_type like '%overdue%'",
                member)).isEqualTo(1);
    }

    private static void overdue(String item, int days) {
        QuarkusTransaction.requiringNew().run(() -> Member.getEntityManager()
                .createNativeQuery("update loan set due_on = ?2 where item_barcode = ?1 and returned_at is null")
                .setParameter(1, item).setParameter(2, TestClock.today().minusDays(days))
                .executeUpdate());
    }

    private static void suspensionPolicy(String library, String counting, boolean warnOnly) {
        given().contentType(ContentType.JSON).body("""
                {"loanCap":10,"loanPeriodDays":14,"renewalLimit":2,"renewalDays":14,
                 "suspension":{"offsetBefore":0,"weight":1,"offsetAfter":0,"counting":"%s","skipClosedDays":false,
                               "maxDays":0,"warnOnly":%s}}""".formatted(counting, warnOnly))
                .put("/api/v1/operator/libraries/" + library + "/policy").then().statusCode(200);
    }

    private static void policy(String library, int cap, int period, int renewals, int renewalDays) {
        given().contentType(ContentType.JSON).body("""
                {"loanCap":%d,"loanPeriodDays":%d,"renewalLimit":%d,"renewalDays":%d}"""
                .formatted(cap, period, renewals, renewalDays))
                .put("/api/v1/operator/libraries/" + library + "/policy").then().statusCode(200);
    }
}
