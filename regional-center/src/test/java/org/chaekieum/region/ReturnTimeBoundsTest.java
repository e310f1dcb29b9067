package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.region.support.Desk.checkout;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.region.support.Desk.item;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Desk;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A return time given by a library system or another region is bounded: not in the future, not before the loan, and a
 * return reported longer than chaekieum.circulation.return-backdating-limit (72h) after it counts overdue days up to
 * its arrival, so that backdating cannot avoid a suspension.
 */
@QuarkusTest
class ReturnTimeBoundsTest {

    private static final String LIBRARY = "111004";

    @BeforeEach
    void policy() {
        TestHub.reset();
        given().contentType(ContentType.JSON).body("""
                {"loanCap":5,"loanPeriodDays":14,"renewalLimit":1,"renewalDays":14,
                 "suspension":{"offsetBefore":0,"weight":1,"offsetAfter":0,"counting":"LARGEST","skipClosedDays":false,
                               "maxDays":0,"warnOnly":false}}""")
                .put("/api/v1/operator/libraries/" + LIBRARY + "/policy").then().statusCode(200);
    }

    /** The library's policy goes back to the region's default. */
    @AfterEach
    void defaultPolicyAgain() {
        Db.update("delete from library_policy where library_code = ?1", LIBRARY);
    }

    @Test
    void aReturnReportedLongAfterItsTimeCountsTheOverdueDaysUpToWhenItArrived() {
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        String key = Desk.reportKey();
        // Lent 20 days ago, due 6 days ago; reported today as given back 8 days ago (before it was due).
        report(key, member, TestClock.now().minus(Duration.ofDays(20)), TestClock.today().minusDays(6))
                .then().statusCode(201);
        Instant eightDaysAgo = TestClock.now().minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.SECONDS);

        giveBack(key, eightDaysAgo).then().statusCode(200)
                .body("loan.returnedAt", equalTo(eightDaysAgo.toString()));

        // 6 overdue days counted to today: suspended today through today + 5.
        assertThat(Db.member(member).suspendedUntil).isEqualTo(TestClock.today().plusDays(5));
    }

    @Test
    void aReturnReportedWithinTheLimitCountsFromItsReportedTime() {
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        String key = Desk.reportKey();
        report(key, member, TestClock.now().minus(Duration.ofDays(10)), TestClock.today().minusDays(1))
                .then().statusCode(201);

        giveBack(key, TestClock.now().minus(Duration.ofDays(2))).then().statusCode(200);

        assertThat(Db.member(member).suspendedUntil).as("given back before it was due, reported 2 days later").isNull();
    }

    @Test
    void aRoutedReturnInTheFutureOrBeforeTheLoanBeganIsRefusedAndTheLoanGoesOn() {
        String member = enroll("111001", Requests.newIdentityKey());
        String lent = item("111001");
        checkout("111001", member, lent, null).then().statusCode(201);

        routedReturn(lent, TestClock.now().plus(Duration.ofDays(1))).then().statusCode(400)
                .body("errors.field", hasItem("returnedAt"));
        routedReturn(lent, TestClock.now().minus(Duration.ofDays(1))).then().statusCode(404)
                .body("code", equalTo("ITEM_NOT_ON_LOAN"));

        assertThat(Db.count("select count(*) from loan where item_barcode = ?1 and returned_at is null", lent))
                .as("still on loan").isOne();
        routedReturn(lent, TestClock.now()).then().statusCode(200);
    }

    private static Response report(String key, String member, Instant checkedOutAt, LocalDate dueOn) {
        return given().contentType(ContentType.JSON)
                .body(Desk.loanReport(member, item(LIBRARY), checkedOutAt, dueOn))
                .put("/api/v1/libraries/" + LIBRARY + "/loan-reports/" + key);
    }

    private static Response giveBack(String key, Instant returnedAt) {
        return given().contentType(ContentType.JSON).body("{\"returnedAt\":\"%s\"}".formatted(returnedAt))
                .put("/api/v1/libraries/" + LIBRARY + "/loan-reports/" + key + "/return");
    }

    private static Response routedReturn(String item, Instant returnedAt) {
        return given().contentType(ContentType.JSON).body("""
                        {"itemBarcode":"%s","returnedAtLibrary":"141001","returnedAt":"%s","requestingRegion":"gyeonggi"}"""
                        .formatted(item, returnedAt))
                .post("/api/v1/federation/returns");
    }
}
