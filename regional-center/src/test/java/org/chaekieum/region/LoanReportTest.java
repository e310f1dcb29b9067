package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.testsupport.TestClock.today;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.circulation.LoanReportRetry;
import org.chaekieum.region.support.Broker;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Desk;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A local library system (KOLAS III) reports its loans after the fact: late, in order, possibly twice. Reports are
 * recorded with the reported times, never refused by a circulation rule, kept while they cannot be applied yet.
 */
@QuarkusTest
class LoanReportTest {

    private static final String LIBRARY = "111003";

    @Inject
    LoanReportRetry retry;

    @BeforeEach
    void policy() {
        TestHub.reset();
        given().contentType(ContentType.JSON).body("""
                {"loanCap":5,"loanPeriodDays":14,"renewalLimit":1,"renewalDays":14}""")
                .put("/api/v1/operator/libraries/" + LIBRARY + "/policy").then().statusCode(200);
    }

    @Test
    void aReportedLoanIsRecordedWithTheReportedTimesAndOnceHoweverOftenItIsSent() {
        String member = Desk.enroll(LIBRARY, Requests.newIdentityKey());
        String item = Desk.item(LIBRARY);
        String key = Desk.reportKey();
        Instant lentAt = TestClock.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        LocalDate due = TestClock.today().plusDays(11);

        String loanId = report(key, member, item, lentAt, due, "idem-" + key).then().statusCode(201)
                .body("state", equalTo("APPLIED"))
                .body("localKey", equalTo(key))
                .body("overrode", nullValue())
                .body("loan.checkedOutAt", equalTo(lentAt.toString()))
                .body("loan.dueOn", equalTo(due.toString()))
                .body("loan.localKey", equalTo(key))
                .body("loan.degraded", equalTo(false))
                .extract().path("loan.loanId");
        // Drained twice: with the same Idempotency-Key, with another one, and without.
        report(key, member, item, lentAt, due, "idem-" + key).then().statusCode(200)
                .body("loan.loanId", equalTo(loanId));
        report(key, member, item, lentAt, due, "other-" + key).then().statusCode(200)
                .body("loan.loanId", equalTo(loanId));
        report(key, member, item, lentAt, due, null).then().statusCode(200).body("loan.loanId", equalTo(loanId));
        assertThat(Db.count("select count(*) from loan where item_barcode = ?1", item)).isOne();
        given().get(path(key)).then().statusCode(200).body("state", equalTo("APPLIED"))
                .body("loan.loanId", equalTo(loanId));
        // The desk's views show the key too.
        given().get("/api/v1/libraries/" + LIBRARY + "/items/" + item + "/loan").then().statusCode(200)
                .body("localKey", equalTo(key));

        LoanCreated created = created(member, loanId);
        assertThat(created.checkedOutAt()).isEqualTo(lentAt);
        assertThat(created.dueOn()).isEqualTo(due);
        assertThat(created.degraded()).isFalse();
    }

    @Test
    void aReportOfASuspendedMemberIsRecordedDegradedWithTheRuleItOverrode() {
        String member = Desk.enroll(LIBRARY, Requests.newIdentityKey());
        given().contentType(ContentType.JSON).body("""
                {"suspendedUntil":"%s","reason":"damaged items"}""".formatted(today().plusDays(30)))
                .post("/api/v1/libraries/" + LIBRARY + "/members/" + member + "/suspensions").then().statusCode(201);
        String key = Desk.reportKey();

        String loanId = report(key, member, Desk.item(LIBRARY), TestClock.now().minusSeconds(60),
                today().plusDays(14), null).then().statusCode(201)
                .body("state", equalTo("APPLIED"))
                .body("overrode", equalTo(List.of("MEMBER_SUSPENDED")))
                .body("loan.degraded", equalTo(true))
                .extract().path("loan.loanId");

        LoanCreated created = created(member, loanId);
        assertThat(created.degraded()).isTrue();
        assertThat(created.overrode()).containsExactly("MEMBER_SUSPENDED");
        assertThat(Db.column("select overrode from loan where id = cast(?1 as uuid)", loanId))
                .containsExactly("MEMBER_SUSPENDED");
    }

    @Test
    void aReportOfAMemberNotRegisteredHereYetWaitsAndIsAppliedOnceTheyAre() {
        String identity = Requests.newIdentityKey();
        String member = Desk.enroll("111001", identity); // registered at 111001, not (yet) at 111003
        String item = Desk.item(LIBRARY);
        String key = Desk.reportKey();

        report(key, member, item, TestClock.now().minusSeconds(600), today().plusDays(14), null).then()
                .statusCode(202)
                .body("state", equalTo("WAITING"))
                .body("waitingFor", equalTo("MEMBER_NOT_FOUND"))
                .body("loan", nullValue());
        report(key, member, item, TestClock.now().minusSeconds(600), today().plusDays(14), null).then()
                .statusCode(202).body("waitingFor", equalTo("MEMBER_NOT_FOUND"));
        assertThat(Db.count("select count(*) from loan_report_waiting where local_key = ?1", key)).isOne();
        given().get("/api/v1/operator/loan-reports?state=WAITING").then().statusCode(200)
                .body("find { it.localKey == '" + key + "' }.memberNumber", equalTo(member))
                .body("find { it.localKey == '" + key + "' }.waitingFor", equalTo("MEMBER_NOT_FOUND"))
                .body("find { it.localKey == '" + key + "' }.itemBarcode", equalTo(item));
        given().get("/api/v1/operator/loan-reports?state=DONE").then().statusCode(400)
                .body("errors[0].field", equalTo("state"));

        Desk.importAt(LIBRARY, member, identity).then().statusCode(201);
        retry.retryWaiting();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(path(key)).then().statusCode(200)
                .body("state", equalTo("APPLIED")).body("loan.memberNumber", equalTo(member)));
        assertThat(Db.count("select count(*) from loan where item_barcode = ?1", item)).isOne();
        assertThat(Db.count("select count(*) from loan_report_waiting where local_key = ?1 and applied_at is null",
                key)).isZero();
    }

    @Test
    void aReportOfAnItemStillOnLoanWaitsForItsReturn() {
        String member = Desk.enroll(LIBRARY, Requests.newIdentityKey());
        String item = Desk.item(LIBRARY);
        String first = Desk.reportKey();
        String second = Desk.reportKey();
        report(first, member, item, TestClock.now().minusSeconds(7200), today().plusDays(14), null).then()
                .statusCode(201);
        report(second, member, item, TestClock.now().minusSeconds(60), today().plusDays(14), null).then()
                .statusCode(202).body("waitingFor", equalTo("ITEM_ON_LOAN"));

        giveBack(first, null, TestClock.now().minusSeconds(120)).then().statusCode(200);
        retry.retryWaiting();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(path(second)).then()
                .statusCode(200).body("state", equalTo("APPLIED")).body("loan.status", equalTo("ACTIVE")));
    }

    @Test
    void aReturnReportedBeforeItsLoanWaitsAndBothAreApplied() {
        String member = Desk.enroll(LIBRARY, Requests.newIdentityKey());
        String item = Desk.item(LIBRARY);
        String key = Desk.reportKey();
        Instant returnedAt = TestClock.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);

        giveBack(key, "111001", returnedAt).then().statusCode(202)
                .body("state", equalTo("WAITING")).body("waitingFor", equalTo("LOAN_NOT_FOUND"));
        giveBack(key, "111001", returnedAt).then().statusCode(202);
        given().get(path(key)).then().statusCode(200).body("state", equalTo("WAITING"));

        String loanId = report(key, member, item, returnedAt.minusSeconds(3600), today().plusDays(14), null).then()
                .statusCode(201)
                .body("loan.status", equalTo("RETURNED"))
                .body("loan.returnedAt", equalTo(returnedAt.toString()))
                .body("loan.returnedAtLibrary", equalTo("111001"))
                .body("loan.transit", equalTo("RETURNED_ELSEWHERE"))
                .extract().path("loan.loanId");
        assertThat(returnedEvent(member, loanId).returnedAt()).isEqualTo(returnedAt);
        assertThat(Db.count("select count(*) from loan_report_waiting where local_key = ?1 and applied_at is null",
                key)).isZero();
    }

    @Test
    void aReturnReportedTwiceChangesNothingTheSecondTimeAndALateOneEndsTheLoanWhenReported() {
        String member = Desk.enroll(LIBRARY, Requests.newIdentityKey());
        String item = Desk.item(LIBRARY);
        String key = Desk.reportKey();
        String loanId = report(key, member, item, TestClock.now().minus(2, ChronoUnit.DAYS), today().plusDays(14),
                null).then().statusCode(201).extract().path("loan.loanId");
        // Something else happens meanwhile (another loan of the member); then the return of an hour ago arrives.
        report(Desk.reportKey(), member, Desk.item(LIBRARY), TestClock.now().minusSeconds(60), today().plusDays(14),
                null).then().statusCode(201);
        Instant anHourAgo = TestClock.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);

        giveBack(key, null, anHourAgo).then().statusCode(200)
                .body("loan.status", equalTo("RETURNED"))
                .body("loan.returnedAt", equalTo(anHourAgo.toString()))
                .body("loan.returnedAtLibrary", equalTo(LIBRARY))
                .body("loan.transit", nullValue());
        giveBack(key, null, TestClock.now()).then().statusCode(200)
                .body("loan.returnedAt", equalTo(anHourAgo.toString()));
        assertThat(Db.count("select count(*) from outbox_event where payload like ?1 and event_type like '%loan.returned%'",
                "%" + loanId + "%")).isOne();
        given().contentType(ContentType.JSON).body("{\"returnedAt\":\"" + TestClock.now().plusSeconds(3600) + "\"}")
                .put(path(key) + "/return").then().statusCode(400).body("errors[0].field", equalTo("returnedAt"));
    }

    @Test
    void aLoanIsUndoneChangedAndItsReturnUndone() {
        String member = Desk.enroll(LIBRARY, Requests.newIdentityKey());
        String key = Desk.reportKey();
        String item = Desk.item(LIBRARY);
        Instant lentAt = TestClock.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        String loanId = report(key, member, item, lentAt, today().plusDays(14), null).then().statusCode(201)
                .extract().path("loan.loanId");

        // K23: a new due date and renewals.
        given().contentType(ContentType.JSON).body("{\"dueOn\":\"%s\",\"renewals\":1}".formatted(today().plusDays(28)))
                .patch(path(key)).then().statusCode(200)
                .body("loan.dueOn", equalTo(today().plusDays(28).toString()))
                .body("loan.renewals", equalTo(1));
        assertThat(Db.count("select count(*) from outbox_event where payload like ?1 and event_type like '%loan.renewed%'",
                "%" + loanId + "%")).isOne();

        // K22: the return undone, the loan goes on (a new loan, degraded, counted again).
        giveBack(key, null, TestClock.now().minusSeconds(60)).then().statusCode(200);
        String again = given().delete(path(key) + "/return").then().statusCode(200)
                .body("loan.status", equalTo("ACTIVE"))
                .body("loan.degraded", equalTo(true))
                .body("loan.localKey", equalTo(key))
                .body("loan.checkedOutAt", equalTo(lentAt.toString()))
                .extract().path("loan.loanId");
        assertThat(again).isNotEqualTo(loanId);
        given().delete(path(key) + "/return").then().statusCode(200).body("loan.loanId", equalTo(again));
        assertThat(created(member, again).degraded()).isTrue();

        // K21: the loan undone, as if never lent: no suspension even though it is overdue.
        Db.update("update loan set due_on = ?2 where id = cast(?1 as uuid)", again, today().minusDays(10));
        given().delete(path(key)).then().statusCode(200).body("loan.status", equalTo("RETURNED"));
        given().delete(path(key)).then().statusCode(200).body("loan.loanId", equalTo(again));
        assertThat(Db.count("select count(*) from loan where id = cast(?1 as uuid) and undone_at is not null", again))
                .isOne();
        assertThat(Db.member(member).suspendedUntil).isNull();
        given().contentType(ContentType.JSON).body("{\"dueOn\":\"%s\"}".formatted(today().plusDays(30)))
                .patch(path(key)).then().statusCode(404).body("code", equalTo("LOAN_NOT_FOUND"));
        given().delete(path("never-" + key)).then().statusCode(404).body("code", equalTo("LOAN_NOT_FOUND"));
        given().get(path("never-" + key)).then().statusCode(404).body("code", equalTo("LOAN_NOT_FOUND"));
        given().get(path("a space")).then().statusCode(400).body("errors[0].field", equalTo("localKey"));
    }

    @Test
    void aKeptLoanReportIsCancelledByItsUndo() {
        String key = Desk.reportKey();
        String unknown = UnifiedMemberNumber.issue(LibraryCode.of(LIBRARY), 88,
                ThreadLocalRandom.current().nextInt(1, 99_999)).value();
        report(key, unknown, Desk.item(LIBRARY), TestClock.now().minusSeconds(60), today().plusDays(14),
                null).then().statusCode(202);
        given().delete(path(key)).then().statusCode(200).body("loan", nullValue());
        given().get(path(key)).then().statusCode(404);
    }

    @Test
    void aMemberNumberALocalSystemIssuedIsCheckedAndKeptAndLaterNumbersComeAfterIt() {
        int year = TestClock.today().getYear() % 100;
        long last = Db.column("select last_serial from member_serial where library_code = ?1 and year_of_issue = ?2",
                LIBRARY, (short) year).stream().mapToLong(v -> ((Number) v).longValue()).findFirst().orElse(0);
        String kolas = UnifiedMemberNumber.issue(LibraryCode.of(LIBRARY), year, (int) last + 50).value();
        // A report of the member may come first: it waits for the enrollment.
        String key = Desk.reportKey();
        report(key, kolas, Desk.item(LIBRARY), TestClock.now().minusSeconds(60), today().plusDays(14), null)
                .then().statusCode(202);

        String identity = Requests.newIdentityKey();
        enroll(identity, kolas).then().statusCode(201).body("memberNumber", equalTo(kolas));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(path(key)).then()
                .body("state", equalTo("APPLIED")));
        String next = Desk.enroll(LIBRARY, Requests.newIdentityKey());
        assertThat(UnifiedMemberNumber.parse(next).serial()).isEqualTo((int) last + 51);

        // The same person again: told their number.
        enroll(identity, UnifiedMemberNumber.issue(LibraryCode.of(LIBRARY), year, (int) last + 60).value()).then()
                .statusCode(409).body("code", equalTo("IDENTITY_ALREADY_ENROLLED"))
                .body("context.existingMemberNumber", equalTo(kolas));
        // Someone else with a number in use, another library's number, a wrong check digit.
        enroll(Requests.newIdentityKey(), kolas).then().statusCode(400)
                .body("errors[0].field", equalTo("memberNumber")).body("errors[0].code", equalTo("FIELD_INVALID"));
        enroll(Requests.newIdentityKey(), UnifiedMemberNumber.issue(LibraryCode.of("111001"), year, 99_000).value())
                .then().statusCode(400).body("errors[0].field", equalTo("memberNumber"))
                .body("errors[0].code", equalTo("FIELD_INVALID"));
        String wrongDigit = kolas.substring(0, 13) + ((kolas.charAt(13) - '0' + 1) % 10);
        enroll(Requests.newIdentityKey(), wrongDigit).then().statusCode(400)
                .body("errors[0].field", equalTo("memberNumber"))
                .body("errors[0].code", equalTo("MEMBER_NUMBER_CHECK_DIGIT"));
    }

    @Test
    void aLibrarySystemReadsItsPolicyAndSetsAndLiftsItsOwnSuspensions() {
        given().get("/api/v1/libraries/" + LIBRARY + "/policy").then().statusCode(200)
                .body("loanCap", equalTo(5)).body("loanPeriodDays", equalTo(14));
        String member = Desk.enroll(LIBRARY, Requests.newIdentityKey());
        String suspensions = "/api/v1/libraries/" + LIBRARY + "/members/" + member + "/suspensions";
        String lifts = "/api/v1/libraries/" + LIBRARY + "/members/" + member + "/suspension-lifts";

        given().contentType(ContentType.JSON).body("{\"libraryCode\":\"111001\",\"suspendedUntil\":\"%s\",\"reason\":\"x\"}"
                .formatted(today().plusDays(5))).post(suspensions).then().statusCode(400)
                .body("errors[0].field", equalTo("libraryCode"));
        given().contentType(ContentType.JSON).body("{\"suspendedUntil\":\"%s\",\"reason\":\"lost item\"}"
                .formatted(today().plusDays(5))).post(suspensions).then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"suspendedUntil\":\"%s\",\"reason\":\"lost item\"}"
                .formatted(today().plusDays(3))).post(suspensions).then().statusCode(200);
        assertThat(Db.member(member).suspendedUntil).isEqualTo(today().plusDays(5));

        // Another library's suspension is not this library's to lift.
        given().contentType(ContentType.JSON).body(("{\"libraryCode\":\"111001\",\"suspendedUntil\":\"%s\","
                + "\"reason\":\"damaged\"}").formatted(today().plusDays(9)))
                .post("/api/v1/operator/members/" + member + "/suspensions").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"reason\":\"paid\"}").post(lifts).then().statusCode(204);
        assertThat(Db.member(member).suspendedUntil).isEqualTo(today().plusDays(9));

        given().contentType(ContentType.JSON).body("{\"reason\":\"paid\"}")
                .post("/api/v1/libraries/111001/members/" + member + "/suspension-lifts").then().statusCode(204);
        assertThat(Db.member(member).suspendedUntil).isNull();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static Response enroll(String identity, String memberNumber) {
        String body = Requests.adult(identity);
        body = body.substring(0, body.lastIndexOf('}')) + ",\"memberNumber\":\"" + memberNumber + "\"}";
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/libraries/" + LIBRARY + "/members");
    }

    private static LoanCreated created(String member, String loanId) {
        return Broker.memberEvent(member, LoanCreated.class, loanId, "loan.created");
    }

    private static LoanReturned returnedEvent(String member, String loanId) {
        return Broker.memberEvent(member, LoanReturned.class, loanId, "loan.returned");
    }

    private static Response report(String key, String member, String item, Instant checkedOutAt, LocalDate dueOn,
                           String idempotencyKey) {
        var request = given().contentType(ContentType.JSON).body(Desk.loanReport(member, item, checkedOutAt, dueOn));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.put(path(key));
    }

    private static Response giveBack(String key, String atLibrary, Instant returnedAt) {
        String body = atLibrary == null ? "{\"returnedAt\":\"%s\"}".formatted(returnedAt)
                : "{\"returnedAtLibrary\":\"%s\",\"returnedAt\":\"%s\"}".formatted(atLibrary, returnedAt);
        return given().contentType(ContentType.JSON).body(body).put(path(key) + "/return");
    }

    private static String path(String key) {
        return "/api/v1/libraries/" + LIBRARY + "/loan-reports/" + key;
    }
}
