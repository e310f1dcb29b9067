package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.region.support.Desk.checkout;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.region.support.Desk.giveBack;
import static org.chaekieum.region.support.Desk.item;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What happens when desks race: the same book scanned at a kiosk and a desk at once, a client's retry racing its first
 * attempt, two renewals of one loan. One of them changes the loan; the others get the same answer (same
 * Idempotency-Key) or a clear refusal; nobody gets a 500. And returns of other regions' items taken while the owning
 * region could not be reached are kept once and applied later with the time the book was given back.
 */
@QuarkusTest
class CirculationRacesTest {

    private static final int TRIALS = 15;

    private ExecutorService desks;

    @BeforeEach
    void setUp() {
        TestHub.reset();
        desks = Executors.newFixedThreadPool(4);
        for (String library : List.of("111001", "111002")) {
            given().contentType(ContentType.JSON).body("""
                    {"loanCap":50,"loanPeriodDays":14,"renewalLimit":1,"renewalDays":7}""")
                    .put("/api/v1/operator/libraries/" + library + "/policy").then().statusCode(200);
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        TestHub.reset();
        desks.shutdownNow();
        desks.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void theSameBookReturnedAtSeveralDesksAtOnceEndsItsLoanOnceAndNobodyGetsA500() throws Exception {
        String member = enroll("111001", Requests.newIdentityKey());
        for (int trial = 0; trial < TRIALS; trial++) {
            String item = item("111001");
            String loanId = checkout("111001", member, item, null).then().statusCode(201).extract().path("loanId");
            String key = "kiosk-retry-" + item;

            // A kiosk and a desk at the owning library, a desk at the other library, and the kiosk's retry (same key).
            List<Response> answers = atOnce(List.of(
                    () -> giveBack("111001", item, key),
                    () -> giveBack("111001", item, key),
                    () -> giveBack("111001", item, null),
                    () -> giveBack("111002", item, null)));

            List<Response> ended = answers.stream().filter(a -> a.statusCode() == 200).toList();
            assertThat(ended).as("trial %d: answers %s", trial, describe(answers)).isNotEmpty();
            for (Response answer : answers) {
                if (answer.statusCode() == 200) {
                    assertThat(answer.jsonPath().getString("loanId")).isEqualTo(loanId);
                    assertThat(answer.jsonPath().getString("returnedAt"))
                            .isEqualTo(ended.get(0).jsonPath().getString("returnedAt"));
                } else {
                    assertThat(answer.statusCode()).as("trial %d: %s", trial, describe(answers)).isEqualTo(404);
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                    assertThat(answer.jsonPath().getString("code")).isEqualTo("ITEM_NOT_ON_LOAN");
                }
            }
            // The kiosk and its retry got the same answer, whoever won.
            assertThat(answers.get(0).statusCode()).as("trial %d: %s", trial, describe(answers))
                    .isEqualTo(answers.get(1).statusCode());
            assertThat(Db.count("select count(*) from loan where id = cast(?1 as uuid) and returned_at is not null",
                    loanId)).isEqualTo(1);
            assertThat(Db.count("select count(*) from outbox_event where event_type like '%loan.returned%'"
                    + " and payload like ?1", "%" + loanId + "%")).as("loan.returned events of %s", loanId)
                    .isEqualTo(1);
        }
    }

    @Test
    void twoRenewalsOfOneLoanAtOnceRenewItOnceAndARetryGetsTheSameAnswer() throws Exception {
        String member = enroll("111001", Requests.newIdentityKey());
        for (int trial = 0; trial < TRIALS; trial++) {
            String loanId = checkout("111001", member, item("111001"), null).then().statusCode(201)
                    .extract().path("loanId");
            String key = "renew-" + loanId;

            List<Response> answers = atOnce(List.of(
                    () -> renew(loanId, key), () -> renew(loanId, key), () -> renew(loanId, null)));

            // One renewal is allowed: either the keyed pair won (both 200, same due date) and the other is refused,
            // or the other won and the keyed pair is refused alike.
            for (Response answer : answers) {
                assertThat(answer.statusCode()).as("trial %d: %s", trial, describe(answers)).isIn(200, 409);
                if (answer.statusCode() == 409) {
                    assertThat(answer.jsonPath().getString("code")).isEqualTo("NO_RENEWALS_LEFT");
                }
            }
            assertThat(answers.get(0).statusCode()).isEqualTo(answers.get(1).statusCode());
            assertThat(answers.stream().filter(a -> a.statusCode() == 200).map(a -> a.jsonPath().getString("dueOn"))
                    .distinct().count()).as("trial %d: %s", trial, describe(answers)).isEqualTo(1);
            assertThat(Db.count("select renewals from loan where id = cast(?1 as uuid)", loanId)).isEqualTo(1);
        }
    }

    @Test
    void aReturnOfAnotherRegionsItemWhileTheHubIsAwayIsKeptOnceAndAppliedWithItsTimeWhenTheHubAnswers()
            throws Exception {
        String member = "14100124000015";
        String item = item("141001");
        TestHub.lentElsewhere(item, member);
        TestHub.down(true);

        List<Response> answers = atOnce(List.of(
                () -> giveBack("111001", item, "kiosk-" + item),
                () -> giveBack("111001", item, "kiosk-" + item),
                () -> giveBack("111001", item, null)));
        for (Response answer : answers) {
            assertThat(answer.statusCode()).as("answers %s", describe(answers)).isEqualTo(202);
            assertThat(answer.jsonPath().getString("status")).isEqualTo("RETURNED");
            assertThat(answer.jsonPath().getString("returnedAtLibrary")).isEqualTo("111001");
        }
        String returnedAt = answers.get(0).jsonPath().getString("returnedAt");
        assertThat(answers).extracting(a -> a.jsonPath().getString("returnedAt")).containsOnly(returnedAt);
        assertThat(Db.count("select count(*) from pending_return where item_barcode = ?1", item))
                .as("kept returns of the item").isEqualTo(1);
        // Scanned again later (the desk is unsure): still the same return, not a second one.
        giveBack("111001", item, null).then().statusCode(202);
        assertThat(Db.count("select count(*) from pending_return where item_barcode = ?1", item)).isEqualTo(1);

        TestHub.down(false);
        await("the kept return is applied by the owning region").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Db.count("select count(*) from pending_return where item_barcode = ?1"
                        + " and applied_at is not null and outcome = 'APPLIED'", item)).isEqualTo(1));
        List<FederatedReturn> routed = TestHub.routedReturns(item);
        assertThat(routed).isNotEmpty();
        assertThat(routed).allSatisfy(r -> {
            assertThat(r.returnedAt()).as("time sent to the owning region").isEqualTo(Instant.parse(returnedAt));
            assertThat(r.returnedAtLibrary()).isEqualTo("111001");
            assertThat(r.requestingRegion()).isEqualTo("seoul");
        });
        // The kiosk's retry with its key still gets its first answer; a new scan now reaches the owning region, which
        // knows it as the same return; at another library the book is not on loan.
        giveBack("111001", item, "kiosk-" + item).then().statusCode(202);
        // (While the circuit to the hub is still half open after the outage, its trial call taken by the kept-return
        // job, the scan is kept again as that same return: asked again until the hub's answer comes through.)
        await("a new scan reaches the owning region").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> giveBack("111001", item, null).then().statusCode(200)
                        .body("returnedAt", org.hamcrest.Matchers.equalTo(returnedAt)));
        // At another library the book is not on loan: said at once, or, while the circuit to the hub is still half
        // open after the outage (its trial call taken by the kept-return job), kept and closed by the owning region's
        // answer within a run of the job.
        Response elsewhere = giveBack("111002", item, null);
        assertThat(elsewhere.statusCode()).as(elsewhere.asString()).isIn(404, 202);
        if (elsewhere.statusCode() == 202) {
            await("the owning region closes the return at 111002").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(Db.count("select count(*) from pending_return where item_barcode"
                            + " = ?1 and returned_at_library = '111002' and outcome = 'REFUSED_ITEM_NOT_ON_LOAN'",
                            item)).isEqualTo(1));
        }
    }

    @Test
    void aRoutedReturnSentAgainBecauseItsAnswerWasLostGetsTheSameAnswerAndEndsNothingElse() {
        // The returning region saves its answer only after this (owning) region has ended the loan; killed in
        // between, it sends the return again with a new time when the desk resends. It is the same return.
        String member = enroll("111001", Requests.newIdentityKey());
        String item = item("111001");
        String loanId = checkout("111001", member, item, null).then().statusCode(201).extract().path("loanId");
        Instant first = TestClock.now().truncatedTo(ChronoUnit.SECONDS);

        routedReturn(item, "141001", first).then().statusCode(200).body("loanId", org.hamcrest.Matchers
                .equalTo(loanId));
        routedReturn(item, "141001", first.plusSeconds(40)).then().statusCode(200)
                .body("loanId", org.hamcrest.Matchers.equalTo(loanId))
                .body("returnedAt", org.hamcrest.Matchers.equalTo(first.toString()));
        // Not at another library, and not an hour later: then the book is simply not on loan.
        routedReturn(item, "141002", first.plusSeconds(50)).then().statusCode(404)
                .body("code", org.hamcrest.Matchers.equalTo("ITEM_NOT_ON_LOAN"));
        // A return time an hour ahead of this region's clock is refused as such (no return lies in the future).
        routedReturn(item, "141001", first.plusSeconds(3700)).then().statusCode(400);
        Db.update("update loan set returned_at = returned_at - interval '3700 seconds' where id = cast(?1 as uuid)",
                loanId);
        routedReturn(item, "141001", first).then().statusCode(404);
        Db.update("update loan set returned_at = returned_at + interval '3700 seconds' where id = cast(?1 as uuid)",
                loanId);
        assertThat(Db.count("select count(*) from outbox_event where event_type like '%loan.returned%'"
                + " and payload like ?1", "%" + loanId + "%")).isEqualTo(1);
        // Lent again, a return ends the new loan, not the old one.
        String again = checkout("111001", member, item, null).then().statusCode(201).extract().path("loanId");
        routedReturn(item, "141001", first.plusSeconds(60)).then().statusCode(200)
                .body("loanId", org.hamcrest.Matchers.equalTo(again));
    }

    private static Response routedReturn(String item, String atLibrary, Instant at) {
        return given().header("Authorization", "Bearer " + TestTokens.hubService()).contentType(ContentType.JSON)
                .body("""
                        {"itemBarcode":"%s","returnedAtLibrary":"%s","returnedAt":"%s","requestingRegion":"gyeonggi"}"""
                        .formatted(item, atLibrary, at))
                .post("/api/v1/federation/returns");
    }

    private List<Response> atOnce(List<Callable<Response>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        for (Callable<Response> call : calls) {
            futures.add(desks.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<Response> answers = new ArrayList<>();
        for (Future<Response> future : futures) {
            answers.add(future.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static Response renew(String loanId, String key) {
        var request = given().contentType(ContentType.JSON);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/api/v1/libraries/111001/loans/" + loanId + "/renewal");
    }

    private static List<String> describe(List<Response> answers) {
        return answers.stream().map(a -> a.statusCode() + " " + a.asString()).toList();
    }
}
