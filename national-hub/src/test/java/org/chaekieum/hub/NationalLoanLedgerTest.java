package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.hub.support.TestEvents.envelope;
import static org.chaekieum.hub.support.TestEvents.newNumber;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.event.LoanTransitChanged;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.MemberSuspensionLifted;
import org.chaekieum.contracts.event.NationalCapOverrun;
import org.chaekieum.contracts.event.SuspensionChanged;
import org.chaekieum.hub.ledger.LedgerService;
import org.chaekieum.hub.support.RegionEvents;
import org.chaekieum.hub.support.StandInBearer;
import org.chaekieum.hub.support.StandInCirculation;
import org.chaekieum.hub.support.StandInRegion.Reply;
import org.chaekieum.hub.support.TestEvents;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The national loan ledger as regions use it: reserve a place under the national cap before a loan, confirm it with
 * loan.created, free it with a return; degraded loans beyond the cap are reported; returns at another region's library
 * are routed to the owning region. Real PostgreSQL and Kafka (shared with the other test classes). Regions: "busan"
 * (no URL, cap 20), "jeju" (no URL, cap 3), "seoul" (stand-in), "ulsan" (nothing listening).
 */
@QuarkusTest
class NationalLoanLedgerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger ITEM = new AtomicInteger();

    private static RegionEvents region;

    @Inject
    DataSource dataSource;

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
    void refusesTheTwentyFirstLoanNationwideWithLoansPerLibrary() throws Exception {
        String member = newNumber();
        List<String> libraries = List.of("111001", "111002", "141001", "141002");
        List<String> reserved = new ArrayList<>();
        int n = 0;
        for (String library : libraries) {
            for (int i = 0; i < 5; i++) {
                n++;
                String loanId = UUID.randomUUID().toString();
                reserved.add(loanId);
                existsAtItsRegion(loanId, member, library);
                reserve(loanId, member, library, regionOf(library))
                        .statusCode(201).contentType(ContentType.JSON)
                        .body("nationalCap", equalTo(20))
                        .body("activeLoans", equalTo(n))
                        .body("loansPerLibrary." + library, equalTo(i + 1));
            }
        }

        reserve(UUID.randomUUID().toString(), member, "141002", "gyeonggi")
                .statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("NATIONAL_CAP_REACHED"))
                .body("context.nationalCap", equalTo(20))
                .body("context.activeLoans", equalTo(20))
                .body("context.loansPerLibrary", equalTo(Map.of("111001", 5, "111002", 5, "141001", 5, "141002", 5)))
                .body("detail", equalTo("20 of 20 loans nationwide, per library: 111001: 5, 111002: 5, 141001: 5, "
                        + "141002: 5"))
                .body("detailKo", containsString("20권 중 20권"));

        // Reservations are counted, not listed, until confirmed; on a slow run the settlement job (2 s in tests)
        // may already have confirmed some with their region (which says they exist): only those are listed.
        memberLoans(member).body("nationalCap", equalTo(20)).body("activeLoans", equalTo(20))
                .body("loansPerLibrary.111002", equalTo(5))
                .body("loans.loanId", everyItem(in(reserved)));
    }

    @Test
    void sameLoanIdIsOneReservation() throws Exception {
        String member = newNumber();
        String loanId = UUID.randomUUID().toString();
        existsAtItsRegion(loanId, member, "111001");
        reserve(loanId, member, "111001", "seoul").statusCode(201).body("activeLoans", equalTo(1));
        reserve(loanId, member, "111001", "seoul").statusCode(200)
                .body("loanId", equalTo(loanId)).body("activeLoans", equalTo(1));
        memberLoans(member).body("activeLoans", equalTo(1));

        // The same id for another member is not an idempotent retry.
        reserve(loanId, newNumber(), "111001", "seoul").statusCode(422)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void releaseGivesThePlaceBackAndTheRegionsCapApplies() throws Exception {
        String member = newNumber();
        List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        for (String id : ids) {
            reserve(id, member, "161001", "jeju").statusCode(201).body("nationalCap", equalTo(3));
        }
        reserve(UUID.randomUUID().toString(), member, "161001", "jeju").statusCode(409)
                .body("context.nationalCap", equalTo(3)).body("context.activeLoans", equalTo(3));

        // Given back by the region that reserved it (jeju's own service account).
        String jeju = "Bearer " + TestTokens.regionService("jeju");
        given().header("Authorization", jeju).when().delete("/api/v1/national/loan-reservations/{id}", ids.get(1))
                .then().statusCode(204);
        given().header("Authorization", jeju).when().delete("/api/v1/national/loan-reservations/{id}", ids.get(1))
                .then().statusCode(204);
        given().header("Authorization", jeju).when().delete("/api/v1/national/loan-reservations/{id}", "no-such-loan")
                .then().statusCode(204);
        assertThat(status(ids.get(1))).isEqualTo("RELEASED");
        memberLoans(member).body("activeLoans", equalTo(2));

        reserve(UUID.randomUUID().toString(), member, "161002", "jeju").statusCode(201)
                .body("activeLoans", equalTo(3));
    }

    @Test
    void everyInvalidFieldIsListed() throws Exception {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/national/loan-reservations")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", containsInAnyOrder("loanId", "memberNumber", "libraryCode", "region",
                        "itemBarcode", "dueOn"));
        given().contentType(ContentType.JSON)
                .body(Map.of("loanId", "x y", "memberNumber", "123", "libraryCode", "11100", "region", "busan",
                        "itemBarcode", "$111001", "dueOn", "2030-01-01"))
                .when().post("/api/v1/national/loan-reservations")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("loanId", "memberNumber", "libraryCode", "itemBarcode"))
                .body("errors.find { it.field == 'memberNumber' }.code", equalTo("MEMBER_NUMBER_INVALID"))
                .body("errors.find { it.field == 'itemBarcode' }.code", equalTo("ITEM_BARCODE_INVALID"));
        given().when().get("/api/v1/national/members/{n}/loans", "12ab").then().statusCode(400)
                .body("code", equalTo("MEMBER_NUMBER_INVALID"));
    }

    @TestHTTPResource("/api/v1/national/loan-reservations")
    URI reservations;

    @Test
    void fortyConcurrentReservationsForOneMemberGrantExactlyTheCap() throws Exception {
        String member = newNumber();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String library = i % 2 == 0 ? "111001" : "141001";
                String loanId = UUID.randomUUID().toString();
                existsAtItsRegion(loanId, member, library);
                String json = reservationJson(loanId, member, library, regionOf(library));
                answers.add(pool.submit(() -> http.send(HttpRequest.newBuilder()
                                .uri(reservations)
                                .header("Authorization", "Bearer " + TestTokens.regionService(regionOf(library)))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            int granted = 0;
            int refused = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                if (status == 201) {
                    granted++;
                } else if (status == 409) {
                    refused++;
                }
            }
            assertThat(granted).isEqualTo(20);
            assertThat(refused).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
        memberLoans(member).body("activeLoans", equalTo(20));
    }

    @Test
    void loanCreatedConfirmsTheReservationAndRenewalMovesTheDueDate() throws Exception {
        String member = newNumber();
        String loanId = UUID.randomUUID().toString();
        String barcode = barcode("111001");
        reserve(loanId, member, "111001", "seoul", barcode).statusCode(201);
        Instant checkedOut = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(new LoanCreated(loanId, member, "111001", "111001", barcode, "seoul", checkedOut,
                LocalDate.of(2030, 1, 15), false));
        await().atMost(WAIT).untilAsserted(() -> memberLoans(member)
                .body("activeLoans", equalTo(1))
                .body("loans.size()", equalTo(1))
                .body("loans[0].loanId", equalTo(loanId))
                .body("loans[0].status", equalTo("ACTIVE"))
                .body("loans[0].itemBarcode", equalTo(barcode))
                .body("loans[0].owningLibrary", equalTo("111001"))
                .body("loans[0].dueOn", equalTo("2030-01-15"))
                .body("loans[0].degraded", equalTo(false)));

        send(new LoanRenewed(loanId, member, LocalDate.of(2030, 1, 29), 1, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> memberLoans(member)
                .body("loans[0].dueOn", equalTo("2030-01-29"))
                .body("loans[0].renewals", equalTo(1)));
        given().queryParam("region", "seoul").queryParam("status", "ACTIVE").queryParam("limit", "10000")
                .when().get("/api/v1/national/ledger")
                .then().statusCode(200).body("loanId", hasItem(loanId));
    }

    @Test
    void degradedLoansBeyondTheCapAreRecordedAndAnnounced() throws Exception {
        double overrunsBefore = registry.counter(LedgerService.CAP_OVERRUNS_METRIC).count();
        String member = newNumber();
        for (int i = 0; i < 19; i++) {
            String loanId = UUID.randomUUID().toString();
            existsAtItsRegion(loanId, member, "111001");
            reserve(loanId, member, "111001", "seoul").statusCode(201);
        }
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        send(new LoanCreated(first, member, "141001", "141001", barcode("141001"), "gyeonggi", Instant.now(),
                LocalDate.of(2030, 1, 15), true));
        send(new LoanCreated(second, member, "141002", "141002", barcode("141002"), "gyeonggi", Instant.now(),
                LocalDate.of(2030, 1, 15), true));

        await().atMost(WAIT).untilAsserted(() -> given().queryParam("limit", "500")
                .when().get("/api/v1/national/overruns")
                .then().statusCode(200)
                .body("find { it.memberNumber == '" + member + "' }.nationalCap", equalTo(20))
                .body("find { it.memberNumber == '" + member + "' }.activeLoans", equalTo(21))
                .body("find { it.memberNumber == '" + member + "' }.degradedLoanIds",
                        containsInAnyOrder(first, second)));
        await().atMost(WAIT).untilAsserted(() -> {
            List<EventEnvelope> announced = region.decisions().envelopes(member);
            assertThat(announced).hasSize(1);
            assertThat(announced.get(0).type()).isEqualTo(EventType.NATIONAL_CAP_OVERRUN.ceType());
            NationalCapOverrun overrun = TestEvents.CODEC.payload(announced.get(0), NationalCapOverrun.class);
            assertThat(overrun.nationalCap()).isEqualTo(20);
            assertThat(overrun.activeLoans()).isEqualTo(21);
            assertThat(overrun.degradedLoanIds()).containsExactlyInAnyOrder(first, second);
        });
        memberLoans(member).body("activeLoans", equalTo(21))
                .body("loans.findAll { it.degraded }.loanId", containsInAnyOrder(first, second));
        // Past the cap, nothing more is reserved.
        reserve(UUID.randomUUID().toString(), member, "111001", "seoul").statusCode(409);
        await().atMost(WAIT).untilAsserted(() -> assertThat(registry.counter(LedgerService.CAP_OVERRUNS_METRIC)
                .count()).as("cap overruns counted").isGreaterThanOrEqualTo(overrunsBefore + 1));
    }

    @Test
    void aReportedLoanThatOverrodeARuleIsOneOverrunWithItsRuleHoweverOftenItArrives() throws Exception {
        Counter overrode = registry.counter(LedgerService.OVERRODE_METRIC, "rule", "MEMBER_SUSPENDED");
        double overrodeBefore = overrode.count();
        String member = newNumber();
        String loanId = UUID.randomUUID().toString();
        LoanCreated reported = new LoanCreated(loanId, member, "111001", "111001", barcode("111001"), "seoul",
                Instant.now(), LocalDate.of(2030, 1, 15), true, List.of("MEMBER_SUSPENDED"));
        EventEnvelope created = envelope(reported);
        region.send(created);
        region.send(created); // the same event redelivered
        send(reported); // the same loan again in a new envelope (the region's relay sent it twice)
        String marker = UUID.randomUUID().toString();
        send(new LoanCreated(marker, member, "111001", "111001", barcode("111001"), "seoul", Instant.now(),
                LocalDate.of(2030, 1, 15), true));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(marker)).isEqualTo("ACTIVE"));

        assertThat(status(loanId)).isEqualTo("ACTIVE");
        given().queryParam("limit", "500").when().get("/api/v1/national/overruns").then().statusCode(200)
                .body("findAll { it.memberNumber == '" + member + "' }.size()", equalTo(1))
                .body("find { it.memberNumber == '" + member + "' }.rule", equalTo("MEMBER_SUSPENDED"))
                .body("find { it.memberNumber == '" + member + "' }.degradedLoanIds", equalTo(List.of(loanId)))
                .body("find { it.memberNumber == '" + member + "' }.nationalCap", equalTo(20))
                .body("find { it.memberNumber == '" + member + "' }.activeLoans", equalTo(1)); // when it arrived
        // Counted like any degraded loan; under the cap, so no national cap overrun is announced.
        memberLoans(member).body("activeLoans", equalTo(2));
        assertThat(region.decisions().envelopes(member)).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(overrode.count()).as("counted once, after its commit")
                .isEqualTo(overrodeBefore + 1));
    }

    @Test
    void aReturnFreesAPlaceAndRepeatedEventsApplyOnce() throws Exception {
        String member = newNumber();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            existsAtItsRegion(id, member, "111001");
            reserve(id, member, "111001", "seoul").statusCode(201);
        }
        String loanId = ids.get(0);
        EventEnvelope created = envelope(new LoanCreated(loanId, member, "111001", "111001", barcode("111001"),
                "seoul", Instant.now(), LocalDate.of(2030, 1, 15), false));
        EventEnvelope returned = envelope(new LoanReturned(loanId, member, "111001", "141001", Instant.now()));
        region.send(created);
        region.send(created);
        region.send(returned);
        region.send(returned);
        region.send(created);
        // A new envelope of the same loan after its return does not bring it back.
        send(new LoanCreated(loanId, member, "111001", "111001", barcode("111001"), "seoul", Instant.now(),
                LocalDate.of(2030, 1, 15), false));
        // Events of one member arrive in order: once this one is applied, every event above is.
        String marker = ids.get(1);
        send(new LoanCreated(marker, member, "111001", "111001", barcode("111001"), "seoul", Instant.now(),
                LocalDate.of(2030, 1, 15), false));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(marker)).isEqualTo("ACTIVE"));
        // The settlement job may have made the marker ACTIVE before its event: an event on the key proves the order.
        String applied = region.sendMarker(member, "busan");
        await().atMost(WAIT).untilAsserted(() -> assertThat(processed(applied)).isEqualTo(1));

        assertThat(status(loanId)).isEqualTo("RETURNED");
        // The other 18 are reservations; the settlement job may confirm them as loans at any moment (they exist at
        // their region, and a loaded machine can take longer than the 2 s after which they are settled): listed or
        // not, they are no concern of this test. The returned loan is not listed, the marker is.
        memberLoans(member).body("activeLoans", equalTo(19)).body("loans.loanId", hasItem(marker))
                .body("loans.loanId", not(hasItem(loanId)));
        assertThat(processed(created.id())).isEqualTo(1);
        reserve(UUID.randomUUID().toString(), member, "141001", "gyeonggi").statusCode(201)
                .body("activeLoans", equalTo(20));
        reserve(UUID.randomUUID().toString(), member, "141001", "gyeonggi").statusCode(409);
    }

    @Test
    void aReturnElsewhereIsRoutedToTheOwningRegionAndEndsTheLoanAtOnce() throws Exception {
        String member = newNumber();
        String loanId = UUID.randomUUID().toString();
        String barcode = barcode("111001");
        Instant checkedOut = Instant.parse("2030-01-01T10:00:00Z");
        send(new LoanCreated(loanId, member, "111001", "111001", barcode, "seoul", checkedOut,
                LocalDate.of(2030, 1, 15), false));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(loanId)).isEqualTo("ACTIVE"));
        String loanView = "{\"loanId\":\"" + loanId + "\",\"memberNumber\":\"" + member + "\",\"libraryCode\":\"111001\","
                + "\"owningLibrary\":\"111001\",\"itemBarcode\":\"" + barcode + "\",\"checkedOutAt\":\""
                + checkedOut + "\",\"dueOn\":\"2030-01-15\",\"renewals\":0,\"renewalsLeft\":2,\"status\":\"RETURNED\","
                + "\"degraded\":false,\"returnedAt\":\"2030-01-05T09:00:00Z\",\"returnedAtLibrary\":\"141001\","
                + "\"transit\":\"RETURNED_ELSEWHERE\"}";
        StandInCirculation.answerReturn(barcode, Reply.ok(loanView));

        String body = given().contentType(ContentType.JSON).body(returnJson(barcode))
                .when().post("/api/v1/national/returns")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("loanId", equalTo(loanId))
                .body("transit", equalTo("RETURNED_ELSEWHERE"))
                .extract().asString();
        assertThat(body).isEqualTo(loanView);
        // At once, before any loan.returned event.
        assertThat(status(loanId)).isEqualTo("RETURNED");
        memberLoans(member).body("activeLoans", equalTo(0));
        List<String> forwarded = StandInCirculation.receivedReturns(barcode);
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0)).contains("\"requestingRegion\":\"gyeonggi\"", "\"returnedAtLibrary\":\"141001\"");
        // The hub called the region with its own service token (the stand-in refuses calls without one).
        assertThat(StandInBearer.lastAuthorization()).startsWith("Bearer ");

        // The region's own event afterwards changes nothing.
        send(new LoanReturned(loanId, member, "111001", "141001", Instant.parse("2030-01-05T09:00:00Z")));
        String marker = UUID.randomUUID().toString();
        send(new LoanCreated(marker, member, "111001", "111001", barcode("111001"), "seoul", Instant.now(),
                LocalDate.of(2030, 1, 15), false));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(marker)).isEqualTo("ACTIVE"));
        assertThat(status(loanId)).isEqualTo("RETURNED");

        // On its way home: listed for the library that took it back and for its owner, without the member.
        for (String library : List.of("141001", "111001")) {
            given().when().get("/api/v1/national/libraries/{code}/transits", library).then().statusCode(200)
                    .body("find { it.itemBarcode == '" + barcode + "' }.transit", equalTo("RETURNED_ELSEWHERE"))
                    .body("find { it.itemBarcode == '" + barcode + "' }.memberNumber", nullValue());
        }
        // Back home (the owning region's event), then a late SHIPPED: states never move back.
        send(new LoanTransitChanged(loanId, member, "111001", barcode, "141001", TransitState.BACK_HOME, "111001",
                Instant.parse("2030-01-07T09:00:00Z")));
        send(new LoanTransitChanged(loanId, null, "111001", barcode, "141001", TransitState.SHIPPED, "141001",
                Instant.parse("2030-01-06T09:00:00Z")));
        String marker2 = UUID.randomUUID().toString();
        send(new LoanCreated(marker2, member, "111001", "111001", barcode("111001"), "seoul", Instant.now(),
                LocalDate.of(2030, 1, 15), false));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(marker2)).isEqualTo("ACTIVE"));
        assertThat(transit(loanId)).isEqualTo("BACK_HOME");
        given().when().get("/api/v1/national/libraries/{code}/transits", "141001").then().statusCode(200)
                .body("itemBarcode", not(hasItem(barcode)));
        given().when().get("/api/v1/national/libraries/{code}/transits", "14100").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("LIBRARY_CODE_INVALID"));
        // A step that is not one: refused before any region is asked.
        given().contentType(ContentType.JSON)
                .body("{\"itemBarcode\":\"" + barcode + "\",\"atLibrary\":\"141001\",\"state\":\"RETURNED_ELSEWHERE\","
                        + "\"requestingRegion\":\"gyeonggi\"}")
                .when().post("/api/v1/national/transits")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("state"));
    }

    @Test
    void aSuspensionSetInOneRegionRefusesReservationsEverywhereAndOnlyEverExtends() throws Exception {
        String member = newNumber();
        LocalDate today = TestEvents.today();
        send(new MemberSuspended(member, today.plusDays(7), "111001", "Late return at 111001", Instant.now(), "seoul"));
        // A shorter one arriving later changes nothing.
        send(new MemberSuspended(member, today.plusDays(2), "141002", "Late return at 141002", Instant.now(),
                "gyeonggi"));
        String marker = UUID.randomUUID().toString();
        send(new LoanCreated(marker, newNumber(), "111001", "111001", barcode("111001"), "seoul", Instant.now(),
                LocalDate.of(2030, 1, 15), false));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(marker)).isEqualTo("ACTIVE"));

        reserve(UUID.randomUUID().toString(), member, "141001", "gyeonggi").statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("MEMBER_SUSPENDED"))
                .body("context.suspendedUntil", equalTo(today.plusDays(7).toString()))
                .body("context.suspendedByLibrary", equalTo("111001"))
                .body("context.suspendedByRegion", equalTo("seoul"))
                .body("detailKo", containsString("111001"));
        // A warn-only library may lend.
        given().contentType(ContentType.JSON)
                .body(new LoanReservationRequest(UUID.randomUUID().toString(), member,
                        "141002", "gyeonggi", barcode("141002"), LocalDate.of(2030, 1, 15), true))
                .when().post("/api/v1/national/loan-reservations")
                .then().statusCode(201);
        given().when().get("/api/v1/national/suspensions").then().statusCode(200)
                .body("find { it.memberNumber == '" + member + "' && it.setByLibrary == '111001' }.suspendedUntil",
                        equalTo(today.plusDays(7).toString()))
                .body("find { it.memberNumber == '" + member + "' && it.setByLibrary == '111001' }.reason",
                        equalTo("Late return at 111001"));

        // Gyeonggi's events come on Gyeonggi's own topic, in no order with Seoul's: its shorter suspension is recorded
        // (and announced) before anything is lifted.
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/v1/national/suspensions").then()
                .statusCode(200)
                .body("find { it.memberNumber == '" + member + "' && it.setByLibrary == '141002' }.suspendedUntil",
                        equalTo(today.plusDays(2).toString())));

        // Seoul's operator lifts Seoul's suspension: Gyeonggi's shorter one still holds; lifted too, the member borrows.
        send(new MemberSuspensionLifted(member, "seoul", "damaged copy", Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> reserve(UUID.randomUUID().toString(), member, "111002", "seoul")
                .statusCode(409).body("context.suspendedByLibrary", equalTo("141002"))
                .body("context.suspendedUntil", equalTo(today.plusDays(2).toString())));
        send(new MemberSuspensionLifted(member, "gyeonggi", "waived", Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> reserve(UUID.randomUUID().toString(), member, "111002", "seoul")
                .statusCode(201));

        // Every region is told the federation's view after each change: 111001's, then 141002's, then none.
        await().atMost(WAIT).untilAsserted(() -> {
            List<SuspensionChanged> told = region.decisions().envelopes(member).stream()
                    .filter(e -> e.type().equals(EventType.SUSPENSION_CHANGED.ceType()))
                    .map(e -> TestEvents.CODEC.payload(e, SuspensionChanged.class))
                    .toList();
            assertThat(told).extracting(SuspensionChanged::suspendedUntil)
                    .containsExactly(today.plusDays(7), today.plusDays(7), today.plusDays(2), null);
            assertThat(told.get(2).setByLibrary()).isEqualTo("141002");
        });
    }

    @Test
    void theOwningRegionsRefusalPassesThroughAndAnUnreachableRegionIs503() throws Exception {
        String notOnLoan = barcode("111001");
        given().contentType(ContentType.JSON).body(returnJson(notOnLoan))
                .when().post("/api/v1/national/returns")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("ITEM_NOT_ON_LOAN"));

        given().contentType(ContentType.JSON).body(returnJson(barcode("131001")))
                .when().post("/api/v1/national/returns")
                .then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("HOME_REGION_UNREACHABLE"))
                .body("context.region", equalTo("ulsan"));
        given().contentType(ContentType.JSON).body(returnJson(barcode("121001")))
                .when().post("/api/v1/national/returns")
                .then().statusCode(503).body("context.region", equalTo("busan"));
        given().contentType(ContentType.JSON).body(returnJson(barcode("191001")))
                .when().post("/api/v1/national/returns")
                .then().statusCode(503).body("code", equalTo("HOME_REGION_UNREACHABLE"))
                .body("context.owningLibrary", equalTo("191001"));
        given().contentType(ContentType.JSON).body("{\"itemBarcode\":\"nope\"}")
                .when().post("/api/v1/national/returns")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", containsInAnyOrder("itemBarcode", "returnedAtLibrary", "returnedAt",
                        "requestingRegion"));
    }

    @Test
    void staleReservationsAreSettledByTheRegionsAnswerAndOtherwiseStayCounted() throws Exception {
        String member = newNumber();
        String committed = UUID.randomUUID().toString();
        String neverCommitted = UUID.randomUUID().toString();
        String unanswered = UUID.randomUUID().toString();
        StandInCirculation.answerLoan(committed, Reply.ok("{\"loanId\":\"" + committed + "\",\"memberNumber\":\""
                + member + "\",\"libraryCode\":\"111001\",\"status\":\"ACTIVE\",\"degraded\":false}"));
        reserve(committed, member, "111001", "seoul").statusCode(201);
        reserve(neverCommitted, member, "111001", "seoul").statusCode(201);
        reserve(unanswered, member, "131001", "ulsan").statusCode(201);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status(committed)).isEqualTo("ACTIVE");
            assertThat(status(neverCommitted)).isEqualTo("RELEASED");
        });
        assertThat(status(unanswered)).isEqualTo("RESERVED");
        memberLoans(member).body("activeLoans", equalTo(2)).body("loans.loanId", equalTo(List.of(committed)));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The region a library of these tests belongs to, by the region digits the hub is configured with. */
    private static String regionOf(String library) {
        return switch (library.substring(1, 3)) {
            case "11" -> "seoul";
            case "41" -> "gyeonggi";
            case "21" -> "busan";
            case "31" -> "ulsan";
            default -> throw new IllegalArgumentException(library);
        };
    }

    private static ValidatableResponse reserve(String loanId, String member, String library, String region) {
        return reserve(loanId, member, library, region, barcode(library));
    }

    private static ValidatableResponse reserve(String loanId, String member, String library, String region,
                                               String barcode) {
        return given().contentType(ContentType.JSON).body(reservationJson(loanId, member, library, region, barcode))
                .when().post("/api/v1/national/loan-reservations")
                .then();
    }

    private static String reservationJson(String loanId, String member, String library, String region) {
        return reservationJson(loanId, member, library, region, barcode(library));
    }

    private static String reservationJson(String loanId, String member, String library, String region,
                                          String barcode) {
        return "{\"loanId\":\"" + loanId + "\",\"memberNumber\":\"" + member + "\",\"libraryCode\":\"" + library
                + "\",\"region\":\"" + region + "\",\"itemBarcode\":\"" + barcode + "\",\"dueOn\":\"2030-01-15\"}";
    }

    private static String returnJson(String barcode) {
        return "{\"itemBarcode\":\"" + barcode + "\",\"returnedAtLibrary\":\"141001\","
                + "\"returnedAt\":\"2030-01-05T09:00:00Z\",\"requestingRegion\":\"gyeonggi\"}";
    }

    private static String barcode(String library) {
        return "$" + library + String.format("EM%010d", ITEM.incrementAndGet() + (System.nanoTime() % 1_000_000) * 1000);
    }

    private static ValidatableResponse memberLoans(String member) {
        return given().when().get("/api/v1/national/members/{n}/loans", member).then().statusCode(200)
                .contentType(ContentType.JSON);
    }

    private static void send(Object payload) {
        region.send(envelope(payload));
    }

    private String status(String loanId) throws Exception {
        return ledgerColumn("status", loanId);
    }

    /** One column of the loan's ledger row (the name is a constant of this class, never input). */
    private String ledgerColumn(String column, String loanId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select " + column + " from national_loan where loan_id = ?")) {
            s.setString(1, loanId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private String transit(String loanId) throws Exception {
        return ledgerColumn("transit", loanId);
    }

    private int processed(String eventId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from processed_event where event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /**
     * The stand-in region answers that this loan exists: should settlement ask about the reservation (unconfirmed for
     * the tests' 2 s of staleness on a slow machine), it stays counted, as it would in a real federation.
     */
    private static void existsAtItsRegion(String loanId, String member, String library) {
        StandInCirculation.answerLoan(loanId, Reply.ok("{\"loanId\":\"" + loanId + "\",\"memberNumber\":\"" + member
                + "\",\"libraryCode\":\"" + library + "\",\"status\":\"ACTIVE\",\"degraded\":false}"));
    }
}
