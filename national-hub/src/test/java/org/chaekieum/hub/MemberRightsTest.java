package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.hub.support.TestEvents.newNumber;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chaekieum.hub.rights.RightsLedger;
import org.chaekieum.hub.support.StandInRightsRegion;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The hub's ledger of rights (issue 17) over its REST API and real PostgreSQL: a region's first ask takes every
 * unallocated right of the member, a repeated move id moves nothing, rights given back are granted again, concurrent
 * asks and gives from two regions never put more rights anywhere than the cap, and every bad request is refused whole.
 * Regions "busan" and "ulsan" have the national default cap, 20.
 */
@QuarkusTest
class MemberRightsTest {

    private static final String RIGHTS = "/api/v1/national/members/{n}/rights";

    @Inject
    MeterRegistry registry;

    @Test
    void theFirstAskTakesEveryRightAndAMoveRepeatedMovesNothing() {
        String member = newNumber();
        rights(member).statusCode(200).body("cap", equalTo(20)).body("unallocated", equalTo(20))
                .body("held", anEmptyMap());
        double asksBefore = asks("busan", "granted");

        String first = UUID.randomUUID().toString();
        ask(member, "busan", first).statusCode(200).contentType(ContentType.JSON)
                .body("granted", equalTo(20)).body("held", equalTo(20)).body("unallocated", equalTo(0))
                .body("moveId", equalTo(first));
        ask(member, "busan", first).statusCode(200).body("granted", equalTo(20)).body("held", equalTo(20))
                .body("unallocated", equalTo(0));
        assertThat(asks("busan", "granted") - asksBefore).as("asks counted as granted").isEqualTo(1.0);

        ask(member, "ulsan", UUID.randomUUID().toString()).statusCode(200).body("granted", equalTo(0))
                .body("held", equalTo(0));

        String give = UUID.randomUUID().toString();
        giveBack(member, "busan", give, 5).statusCode(200).body("unallocated", equalTo(5))
                .body("held.busan", equalTo(15));
        giveBack(member, "busan", give, 5).statusCode(200).body("unallocated", equalTo(5))
                .body("held.busan", equalTo(15));
        ask(member, "ulsan", UUID.randomUUID().toString()).statusCode(200).body("granted", equalTo(5))
                .body("held", equalTo(5)).body("unallocated", equalTo(0));

        rights(member).statusCode(200).body("cap", equalTo(20)).body("unallocated", equalTo(0))
                .body("held.busan", equalTo(15)).body("held.ulsan", equalTo(5));
    }

    @Test
    void asksAndGivesRacingFromTwoRegionsNeverPutMoreRightsAnywhereThanTheCap() throws Exception {
        String member = newNumber();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> asks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String region = i % 2 == 0 ? "busan" : "ulsan";
                asks.add(() -> ask(member, region, UUID.randomUUID().toString()).statusCode(200).extract()
                        .path("granted"));
            }
            int granted = 0;
            for (Future<Integer> answer : pool.invokeAll(asks)) {
                granted += answer.get();
            }
            assertThat(granted).as("rights granted by 40 concurrent asks").isEqualTo(20);

            Map<String, Integer> held = rights(member).extract().path("held");
            String holder = held.keySet().iterator().next();
            String other = holder.equals("busan") ? "ulsan" : "busan";
            assertThat(held).as("one region took every right").containsExactly(Map.entry(holder, 20));

            // The holder gives back one right at a time while the other asks: each given right is granted once.
            List<Callable<Integer>> moves = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                moves.add(() -> {
                    giveBack(member, holder, UUID.randomUUID().toString(), 1).statusCode(200);
                    return 0;
                });
                moves.add(() -> ask(member, other, UUID.randomUUID().toString()).statusCode(200).extract()
                        .path("granted"));
            }
            int grantedToOther = 0;
            for (Future<Integer> answer : pool.invokeAll(moves)) {
                grantedToOther += answer.get();
            }
            ValidatableResponse after = rights(member).statusCode(200);
            int unallocated = after.extract().path("unallocated");
            assertThat(unallocated).as("unallocated after the race").isBetween(0, 10);
            after.body("held." + holder, equalTo(10));
            assertThat(grantedToOther).as("granted to %s", other).isEqualTo(10 - unallocated);
            if (grantedToOther > 0) {
                after.body("held." + other, equalTo(grantedToOther));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenNothingIsUnallocatedTheHolderIsAskedToGiveHalfItsFreeRightsAndWhatCameBackIsGranted() {
        String member = newNumber();
        ask(member, "seoul", UUID.randomUUID().toString()).statusCode(200).body("granted", equalTo(20));
        StandInRightsRegion.free(member, 20);

        String move = UUID.randomUUID().toString();
        ask(member, "busan", move).statusCode(200).body("granted", equalTo(10)).body("held", equalTo(10))
                .body("unallocated", equalTo(0));
        assertThat(StandInRightsRegion.asks(member)).as("seoul asked for half of its free rights")
                .extracting(StandInRightsRegion.Ask::count).containsExactly(10);
        rights(member).body("held.seoul", equalTo(10)).body("held.busan", equalTo(10));

        // The same ask again (its answer was lost): answered the same, nothing asked of seoul again.
        ask(member, "busan", move).statusCode(200).body("granted", equalTo(10)).body("held", equalTo(10));
        assertThat(StandInRightsRegion.asks(member)).hasSize(1);

        // Seoul's loans took the rest of its rights: it gives none, and busan is granted none.
        StandInRightsRegion.free(member, 0);
        ask(member, "busan", UUID.randomUUID().toString()).statusCode(200).body("granted", equalTo(0));
        // Seoul fails: asked twice under one id (the retry), nothing credited to anyone.
        StandInRightsRegion.free(member, 4);
        StandInRightsRegion.failing(member, true);
        ask(member, "busan", UUID.randomUUID().toString()).statusCode(200).body("granted", equalTo(0));
        List<StandInRightsRegion.Ask> asked = StandInRightsRegion.asks(member);
        assertThat(asked.get(asked.size() - 1).moveId()).as("the retry asks under the same id")
                .isEqualTo(asked.get(asked.size() - 2).moveId());
        rights(member).body("held.seoul", equalTo(10)).body("held.busan", equalTo(10)).body("unallocated", equalTo(0));
        StandInRightsRegion.failing(member, false);
        ask(member, "busan", UUID.randomUUID().toString()).statusCode(200).body("granted", equalTo(4));
        rights(member).body("held.seoul", equalTo(6)).body("held.busan", equalTo(14));
    }

    @Test
    void aMemberWhoBorrowedBeforeRightsStartsWithTheRightsItsOpenLoansTake() {
        String member = newNumber();
        for (int i = 0; i < 3; i++) {
            reserve(member, "121001", "busan");
        }
        for (int i = 0; i < 2; i++) {
            reserve(member, "131001", "ulsan");
        }
        rights(member).statusCode(200).body("unallocated", equalTo(15)).body("held.busan", equalTo(3))
                .body("held.ulsan", equalTo(2));
        ask(member, "busan", UUID.randomUUID().toString()).statusCode(200).body("granted", equalTo(15))
                .body("held", equalTo(18)).body("unallocated", equalTo(0));
        rights(member).body("held.busan", equalTo(18)).body("held.ulsan", equalTo(2));
    }

    @Test
    void badAsksAndReturnsAreRefusedWholeAndChangeNothing() {
        String member = newNumber();
        String move = UUID.randomUUID().toString();
        ask(member, "busan", move).statusCode(200).body("granted", equalTo(20));

        // Another region's name with busan's token: refused before anything is read.
        given().header("Authorization", "Bearer " + TestTokens.regionService("busan")).contentType(ContentType.JSON)
                .body(Map.of("region", "ulsan", "moveId", UUID.randomUUID().toString()))
                .when().post(RIGHTS + "/grants", member)
                .then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("REGION_NOT_PERMITTED"));
        // Not a member number, no move id, a move id of other characters.
        ask("1234", "busan", move).statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("memberNumber"));
        given().header("Authorization", "Bearer " + TestTokens.regionService("busan")).contentType(ContentType.JSON)
                .body(Map.of("region", "busan")).when().post(RIGHTS + "/grants", member)
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED")).body("errors.field", hasItem("moveId"));
        ask(member, "busan", "move id with spaces").statusCode(400).body("errors.field", hasItem("moveId"));
        // A move id used for another member.
        ask(newNumber(), "busan", move).statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"))
                .body("detailKo", startsWith("권리 이동 ID"));
        // More back than the region holds; then the same id with another count.
        giveBack(member, "busan", UUID.randomUUID().toString(), 21).statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED")).body("errors.field", hasItem("count"));
        String give = UUID.randomUUID().toString();
        giveBack(member, "busan", give, 2).statusCode(200);
        giveBack(member, "busan", give, 3).statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        // The monitor may read; it may not ask.
        given().header("Authorization", "Bearer " + TestTokens.monitor()).contentType(ContentType.JSON)
                .body(Map.of("region", "busan", "moveId", UUID.randomUUID().toString()))
                .when().post(RIGHTS + "/grants", member).then().statusCode(403);

        rights(member).statusCode(200).body("unallocated", equalTo(2)).body("held.busan", equalTo(18));
    }

    private static void reserve(String member, String library, String region) {
        String item = "$" + library + "EM" + String.format("%010d", (long) (Math.random() * 9_000_000_000L));
        given().header("Authorization", "Bearer " + TestTokens.regionService(region)).contentType(ContentType.JSON)
                .body(Map.of("loanId", UUID.randomUUID().toString(), "memberNumber", member, "libraryCode", library,
                        "region", region, "itemBarcode", item, "dueOn", "2030-01-15"))
                .when().post("/api/v1/national/loan-reservations").then().statusCode(201);
    }

    private double asks(String region, String outcome) {
        Counter counter = registry.find(RightsLedger.REQUESTS_METRIC).tags("region", region, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static ValidatableResponse rights(String member) {
        return given().header("Authorization", "Bearer " + TestTokens.monitor())
                .when().get(RIGHTS, member).then();
    }

    private static ValidatableResponse ask(String member, String region, String moveId) {
        Response response = given().header("Authorization", "Bearer " + TestTokens.regionService(region))
                .contentType(ContentType.JSON).body(Map.of("region", region, "moveId", moveId))
                .when().post(RIGHTS + "/grants", member);
        return response.then();
    }

    private static ValidatableResponse giveBack(String member, String region, String moveId, int count) {
        return given().header("Authorization", "Bearer " + TestTokens.regionService(region))
                .contentType(ContentType.JSON).body(Map.of("region", region, "moveId", moveId, "count", count))
                .when().post(RIGHTS + "/returns", member).then();
    }
}
