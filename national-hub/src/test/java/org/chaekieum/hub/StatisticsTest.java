package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.hub.support.TestEvents.CODEC;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.CheckoutRefused;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.event.MemberImported;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.contracts.id.NumberForm;
import org.chaekieum.hub.statistics.StatisticsHousekeeping;
import org.chaekieum.hub.support.KafkaTestClient;
import org.chaekieum.hub.support.StandInCirculation;
import org.chaekieum.hub.support.StandInRegion.Reply;
import org.chaekieum.hub.support.TestEvents;
import org.chaekieum.testsupport.AccessMatrix;
import org.chaekieum.testsupport.AccessMatrix.Answer;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub's daily statistics as a national monitor reads them: a scripted day of events sent to the hub on Kafka, as
 * regions send them, and its figures read back as JSON and CSV, exactly; the same event twice counted once; a rebuild
 * from the topic giving the same figures; and who may read what. Each test has days and libraries of its own (library
 * codes of type 7, which no other test uses), so figures of other tests never mix in.
 */
@QuarkusTest
class StatisticsTest {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PATH = "/api/v1/national/statistics";
    private static final AtomicInteger SERIAL = new AtomicInteger(ThreadLocalRandom.current().nextInt(100, 700));
    private static final List<String> REASONS = List.of("NATIONAL_CAP_REACHED", "LIBRARY_CAP_REACHED",
            "MEMBER_SUSPENDED", "NATIONAL_CAP_UNVERIFIABLE", "OTHER");

    private static KafkaProducer<String, String> region;

    @Inject
    DataSource dataSource;

    @Inject
    StatisticsHousekeeping housekeeping;

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void clients() {
        KafkaTestClient.createTopics(Topics.MEMBER_EVENTS, Topics.NATIONAL_DECISIONS);
        region = KafkaTestClient.producer();
    }

    @AfterAll
    static void close() {
        region.close(Duration.ofSeconds(2));
    }

    @Test
    void aScriptedDayIsCountedExactlyInJsonAndCsvOnceHoweverOftenItsEventsArriveAndARebuildGivesTheSame()
            throws Exception {
        LocalDate day = today().minusDays(3);
        String l1 = library("11");
        String l2 = library("11");
        String l3 = library("41");
        String m1 = TestEvents.newNumber(l1);
        String m2 = TestEvents.newNumber(l1);
        String m3 = TestEvents.newNumber(l1);
        String m4 = TestEvents.newNumber(l3);
        String m5 = TestEvents.newNumber(l1);

        // N = 6 checkouts at l1 (one degraded; one reported two days late: a checkout, not a new borrower), 3
        // borrowers; 2 at l3 by one member. Loans on the days either side do not count.
        EventEnvelope first = send(loan(m1, l1, "seoul", at(day, 9, 0), false), at(day, 9, 0));
        send(loan(m1, l1, "seoul", at(day, 10, 0), false), at(day, 10, 0));
        send(loan(m2, l1, "seoul", at(day, 11, 0), true), at(day, 11, 0));
        send(loan(m2, l1, "seoul", at(day, 12, 0), false), at(day, 12, 0));
        send(loan(m3, l1, "seoul", at(day, 23, 59).plusSeconds(59), false), at(day, 23, 59).plusSeconds(59));
        send(loan(m5, l1, "seoul", at(day, 13, 0), false), at(day.plusDays(2), 10, 0));
        send(loan(m1, l1, "seoul", at(day, 0, 0).minusSeconds(1), false), at(day, 0, 0).minusSeconds(1));
        send(loan(m1, l1, "seoul", at(day.plusDays(1), 0, 0), false), at(day.plusDays(1), 0, 0));
        send(loan(m4, l3, "gyeonggi", at(day, 14, 0), false), at(day, 14, 0));
        send(loan(m4, l3, "gyeonggi", at(day, 15, 0), false), at(day, 15, 0));
        // Returns: 2 at home, M = 3 elsewhere (all given back at l2: two of l1's loans, one of l3's).
        send(new LoanReturned(UUID.randomUUID().toString(), m1, l1, l1, at(day, 15, 0)), at(day, 15, 0));
        send(new LoanReturned(UUID.randomUUID().toString(), m1, l1, l1, at(day, 15, 5)), at(day, 15, 5));
        send(new LoanReturned(UUID.randomUUID().toString(), m2, l1, l2, at(day, 16, 0)), at(day, 16, 0));
        send(new LoanReturned(UUID.randomUUID().toString(), m2, l1, l2, at(day, 16, 5)), at(day, 16, 5));
        send(new LoanReturned(UUID.randomUUID().toString(), m4, l3, l2, at(day, 17, 0)), at(day, 17, 0));
        send(new LoanRenewed(UUID.randomUUID().toString(), m1, day.plusDays(21), 1, at(day, 18, 0), l1),
                at(day, 18, 0));
        send(new LoanRenewed(UUID.randomUUID().toString(), m3, day.plusDays(21), 1, at(day, 18, 5), l1),
                at(day, 18, 5));
        send(enrolled(TestEvents.newNumber(l1), l1, at(day, 9, 30)), at(day, 9, 30));
        send(enrolled(TestEvents.newNumber(l1), l1, at(day, 9, 40)), at(day, 9, 40));
        send(new MemberImported(m3, l2, "seoul", false, at(day, 14, 0)), at(day, 14, 0));
        send(new MemberSuspended(m2, day.plusDays(7), l1, "returned late", at(day, 16, 30), "seoul"),
                at(day, 16, 30));
        // K refusals per reason at l1 (IMPORT_REQUIRED counts as OTHER), and 2 at l3.
        Map<String, Integer> refusedAtL1 = Map.of("NATIONAL_CAP_REACHED", 2, "LIBRARY_CAP_REACHED", 1,
                "MEMBER_SUSPENDED", 3, "NATIONAL_CAP_UNVERIFIABLE", 1, "IMPORT_REQUIRED", 1);
        EventEnvelope refusal = null;
        int minute = 0;
        for (Map.Entry<String, Integer> reason : new TreeMap<>(refusedAtL1).entrySet()) {
            for (int i = 0; i < reason.getValue(); i++) {
                Instant t = at(day, 19, minute++);
                refusal = send(new CheckoutRefused(m2, l1, "seoul", reason.getKey(), t), t);
            }
        }
        send(new CheckoutRefused(m4, l3, "gyeonggi", "LIBRARY_CAP_REACHED", at(day, 19, 30)), at(day, 19, 30));
        send(new CheckoutRefused(m4, l3, "gyeonggi", "LIBRARY_CAP_REACHED", at(day, 19, 31)), at(day, 19, 31));

        Map<String, Map<String, Object>> expected = new TreeMap<>();
        expected.put(l1, row("seoul", 6, 1, 4, 0, 2, 2, 0, 1, List.of(2, 1, 3, 1, 1), 3));
        expected.put(l2, row("seoul", 0, 0, 0, 3, 0, 0, 1, 0, List.of(0, 0, 0, 0, 0), 0));
        expected.put(l3, row("gyeonggi", 2, 0, 1, 0, 0, 0, 0, 0, List.of(0, 2, 0, 0, 0), 1));
        String query = "from=" + day + "&to=" + day + "&groupBy=library";
        await().atMost(WAIT).untilAsserted(() -> assertThat(json(query, TestTokens.monitor(), l1, l2, l3))
                .isEqualTo(expected));

        // The same events again (a redelivery, a relay's second copy), then a marker on the same key (partition):
        // once the marker is counted, the copies were read before it, and counted nothing.
        KafkaTestClient.send(region, first);
        KafkaTestClient.send(region, refusal);
        String marker = library("11");
        send(loan(m2, marker, "seoul", at(day, 20, 0), false), at(day, 20, 0));
        send(loan(m1, marker, "seoul", at(day, 20, 1), false), at(day, 20, 1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(json(query, TestTokens.monitor(), marker))
                .containsKey(marker).extractingByKey(marker).extracting(r -> r.get("checkouts")).isEqualTo(2L));
        assertThat(json(query, TestTokens.monitor(), l1, l2, l3)).isEqualTo(expected);
        assertThat(csv(query, TestTokens.monitor(), l1, l2, l3)).isEqualTo(expected);

        // Grouped by region, the same events add up (distinct borrowers: summed over the region's library-days).
        Response byRegion = given().header("Authorization", "Bearer " + TestTokens.monitor())
                .get(PATH + "?from=" + day + "&to=" + day);
        byRegion.then().statusCode(200).contentType(ContentType.JSON);
        Map<String, Object> seoul = figures(byRegion.jsonPath().getMap("rows.find { it.region == 'seoul' }"));
        assertThat(seoul).containsEntry("checkouts", 8L).containsEntry("returns", 4L)
                .containsEntry("returnsElsewhere", 3L).containsEntry("imports", 1L)
                .containsEntry("refusals.MEMBER_SUSPENDED", 3L).containsEntry("distinctBorrowers", 5L);
        Map<String, Object> gyeonggi = figures(byRegion.jsonPath().getMap("rows.find { it.region == 'gyeonggi' }"));
        assertThat(gyeonggi).containsEntry("checkouts", 2L).containsEntry("returns", 1L)
                .containsEntry("refusals.LIBRARY_CAP_REACHED", 2L).containsEntry("distinctBorrowers", 1L);
        assertThat(byRegion.jsonPath().getLong("totals.checkouts")).isEqualTo(10L);

        // Rebuild: the figures of the scripted day are damaged, a day before it has figures of its own; a rebuild
        // from the scripted day recounts it from the topic, exactly, and leaves the day before alone.
        sql("update statistics.library_day set checkouts = 999, borrowers = 0 where day = ? and library_code = ?",
                day, l1);
        sql("insert into statistics.library_day (day, library_code, region, checkouts) values (?, ?, 'seoul', 42)",
                day.minusDays(10), l1);
        assertThat(json(query, TestTokens.monitor(), l1).get(l1).get("checkouts")).isEqualTo(999L);
        Answer started = matrix().call("POST", PATH + "/rebuilds", TestTokens.monitor(),
                "{\"from\":\"" + day + "\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonPath rebuild = JsonPath.from(started.body());
        assertThat(rebuild.getString("from")).isEqualTo(day.toString());
        assertThat(rebuild.getLong("generation")).isGreaterThan(1);
        assertThat(rebuild.getString("requestedBy")).isEqualTo("national-monitor");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(json(query, TestTokens.monitor(), l1, l2, l3)).isEqualTo(expected);
            assertThat(csv(query, TestTokens.monitor(), l1, l2, l3)).isEqualTo(expected);
            given().header("Authorization", "Bearer " + TestTokens.monitor()).get(PATH + "/rebuilds")
                    .then().statusCode(200)
                    .body("generation", equalTo(rebuild.getInt("generation")))
                    .body("remainingEvents", equalTo(0));
        });
        Map<String, Object> seoulAgain = figures(given().header("Authorization", "Bearer " + TestTokens.monitor())
                .get(PATH + "?from=" + day + "&to=" + day).jsonPath().getMap("rows.find { it.region == 'seoul' }"));
        assertThat(seoulAgain).isEqualTo(seoul);
        String before = "from=" + day.minusDays(10) + "&to=" + day.minusDays(10) + "&groupBy=library";
        assertThat(json(before, TestTokens.monitor(), l1).get(l1).get("checkouts")).isEqualTo(42L);
    }

    @Test
    void theHubsOwnRefusalOfAReservationIsNotCountedOnlyTheRegionsEventIs() {
        String library = library("11");
        String member = TestEvents.newNumber(library);
        for (int i = 0; i < 20; i++) {
            String loanId = UUID.randomUUID().toString();
            // The stand-in region confirms each loan, should the settlement job ask before the test is done.
            StandInCirculation.answerLoan(loanId, Reply.ok("{\"loanId\":\"" + loanId + "\",\"memberNumber\":\""
                    + member + "\",\"libraryCode\":\"" + library + "\",\"status\":\"ACTIVE\",\"degraded\":false}"));
            reserve(loanId, member, library).then().statusCode(201);
        }
        reserve(UUID.randomUUID().toString(), member, library).then().statusCode(409).body("code", equalTo("NATIONAL_CAP_REACHED"));
        // The region turns the hub's answer into the desk's refusal and announces it: that is the one count.
        Instant now = Instant.now();
        send(new CheckoutRefused(member, library, "seoul", "NATIONAL_CAP_REACHED", now), now);
        String query = "from=" + today() + "&to=" + today() + "&groupBy=library&library=" + library;
        await().atMost(WAIT).untilAsserted(() -> assertThat(json(query, TestTokens.monitor(), library))
                .isEqualTo(Map.of(library, row("seoul", 0, 0, 0, 0, 0, 0, 0, 0, List.of(1, 0, 0, 0, 0), 0))));
    }

    @Test
    void noTokenIs401ALibrarySystemIs403AndARegionalOperatorSeesOnlyItsRegion() {
        LocalDate day = today().minusDays(5);
        String seoul = library("11");
        String gyeonggi = library("41");
        send(loan(TestEvents.newNumber(seoul), seoul, "seoul", at(day, 10, 0), false), at(day, 10, 0));
        send(loan(TestEvents.newNumber(gyeonggi), gyeonggi, "gyeonggi", at(day, 11, 0), false), at(day, 11, 0));
        String query = "from=" + day + "&to=" + day;
        await().atMost(WAIT).untilAsserted(() -> assertThat(json(query + "&groupBy=library", TestTokens.monitor(),
                seoul, gyeonggi)).containsOnlyKeys(seoul, gyeonggi));

        AccessMatrix http = matrix();
        String body = "{\"from\":\"" + day + "\"}";
        for (String[] call : new String[][] {{"GET", PATH + "?" + query}, {"GET", PATH + "/rebuilds"},
                {"POST", PATH + "/rebuilds"}}) {
            Answer none = http.call(call[0], call[1], null, body);
            assertThat(none.status()).as("%s %s without a token: %s", call[0], call[1], none.body()).isEqualTo(401);
            assertThat(none.code()).isEqualTo("UNAUTHENTICATED");
            Answer ils = http.call(call[0], call[1], TestTokens.librarySystem(seoul), body);
            assertThat(ils.status()).as("%s %s as a library system: %s", call[0], call[1], ils.body()).isEqualTo(403);
            assertThat(ils.contentType()).startsWith("application/problem+json");
            if (!call[0].equals("GET") || call[1].endsWith("/rebuilds")) {
                Answer operator = http.call(call[0], call[1], TestTokens.operator("seoul"), body);
                assertThat(operator.status()).as("%s %s as an operator: %s", call[0], call[1], operator.body())
                        .isEqualTo(403);
            }
        }

        String operator = TestTokens.operator("seoul");
        Map<String, Map<String, Object>> own = json(query + "&groupBy=library", operator, seoul, gyeonggi);
        assertThat(own).containsOnlyKeys(seoul);
        assertThat(csv(query + "&groupBy=library", operator, seoul, gyeonggi)).containsOnlyKeys(seoul);
        Answer regions = http.call("GET", PATH + "?" + query, operator, null);
        assertThat(regions.status()).isEqualTo(200);
        assertThat(JsonPath.from(regions.body()).getList("rows.region")).containsOnly("seoul");
        assertThat(JsonPath.from(regions.body()).getString("region")).isEqualTo("seoul");
        for (String other : List.of("&region=gyeonggi", "&library=" + gyeonggi)) {
            Answer refused = http.call("GET", PATH + "?" + query + other, operator, null);
            assertThat(refused.status()).as(other + ": " + refused.body()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("REGION_NOT_PERMITTED");
        }
        Answer noRegion = http.call("GET", PATH + "?" + query, TestTokens.operator(""), null);
        assertThat(noRegion.status()).as(noRegion.body()).isEqualTo(403);

        assertThat(json(query + "&groupBy=library", TestTokens.monitor(), seoul, gyeonggi))
                .containsOnlyKeys(seoul, gyeonggi);
        assertThat(json(query + "&groupBy=library&region=gyeonggi", TestTokens.monitor(), seoul, gyeonggi))
                .containsOnlyKeys(gyeonggi);
    }

    @Test
    void badParametersAreRefusedAllAtOnceAsProblemsNeverAs500() {
        String monitor = TestTokens.monitor();
        Answer all = matrix().call("GET", PATH + "?to=2026-13-01&groupBy=city&interval=week&format=xml"
                + "&library=12&region=a%20b", monitor, null);
        assertThat(all.status()).as(all.body()).isEqualTo(400);
        assertThat(all.contentType()).startsWith("application/problem+json");
        assertThat(all.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(JsonPath.from(all.body()).getList("errors.field")).containsExactlyInAnyOrder("from", "to",
                "groupBy", "interval", "format", "region", "library");

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("from=2026-11-10&to=2026-11-09", "to");
        refused.put("from=2025-01-01&to=2026-02-05", "to");
        refused.put("from=2020-01-01&to=2026-01-01&interval=month", "to");
        refused.put("from=1999-12-31&to=2000-01-01", "from");
        refused.put("from=2026-11-10T00:00&to=2026-11-11", "from");
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            Answer answer = matrix().call("GET", PATH + "?" + bad.getKey(), monitor, null);
            assertThat(answer.status()).as(bad.getKey() + ": " + answer.body()).isEqualTo(400);
            assertThat(JsonPath.from(answer.body()).getList("errors.field")).as(bad.getKey())
                    .containsExactly(bad.getValue());
        }
        // Asked for CSV, a refusal is still a problem.
        Response csv = given().header("Authorization", "Bearer " + monitor).accept("text/csv")
                .get(PATH + "?from=x&to=2026-01-01");
        csv.then().statusCode(400).contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"));
        // 400 days by day, 1,096 by month are fine.
        given().header("Authorization", "Bearer " + monitor).get(PATH + "?from=2025-01-01&to=2026-02-04")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + monitor)
                .get(PATH + "?from=2024-01-01&to=2026-12-31&interval=month&groupBy=library").then().statusCode(200);

        for (String body : List.of("{}", "{\"from\":\"yesterday\"}", "{\"from\":\"" + today().plusDays(1) + "\"}",
                "{\"from\":\"" + today().minusDays(29) + "\"}", "[]", "\"x\"")) {
            Answer answer = matrix().call("POST", PATH + "/rebuilds", monitor, body);
            assertThat(answer.status()).as(body + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        Answer tooEarly = matrix().call("POST", PATH + "/rebuilds", monitor,
                "{\"from\":\"" + today().minusDays(29) + "\"}");
        assertThat(JsonPath.from(tooEarly.body()).getString("context.earliestFrom"))
                .isEqualTo(today().minusDays(28).toString());
    }

    @Test
    void theMemberNumbersOfBorrowersAndTheCountedIdsGoAfterTheirKeptPeriods() throws Exception {
        Instant now = Instant.now();
        LocalDate day = today().minusDays(20);
        String library = library("11");
        String oldMember = TestEvents.newNumber(library);
        String recentMember = TestEvents.newNumber(library);
        sql("insert into statistics.library_day_borrower (day, library_code, member_number, counted_at) "
                + "values (?, ?, ?, ?)", day, library, oldMember, Timestamp.from(now.minus(Duration.ofDays(4))));
        sql("insert into statistics.library_day_borrower (day, library_code, member_number, counted_at) "
                + "values (?, ?, ?, ?)", day, library, recentMember, Timestamp.from(now.minus(Duration.ofDays(2))));
        String oldId = "statistics-old-" + UUID.randomUUID();
        String recentId = "statistics-recent-" + UUID.randomUUID();
        sql("insert into statistics.counted_event (event_id, generation, counted_at) values (?, 1, ?)", oldId,
                Timestamp.from(now.minus(Duration.ofDays(31))));
        sql("insert into statistics.counted_event (event_id, generation, counted_at) values (?, 1, ?)", recentId,
                Timestamp.from(now.minus(Duration.ofDays(29))));

        StatisticsHousekeeping.Run run = housekeeping.run(now);

        assertThat(run.borrowers()).isGreaterThanOrEqualTo(1);
        assertThat(run.countedEventIds()).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from statistics.library_day_borrower where member_number = ?", oldMember))
                .isZero();
        assertThat(count("select count(*) from statistics.library_day_borrower where member_number = ?",
                recentMember)).isEqualTo(1);
        assertThat(count("select count(*) from statistics.counted_event where event_id = ?", oldId)).isZero();
        assertThat(count("select count(*) from statistics.counted_event where event_id = ?", recentId)).isEqualTo(1);
    }

    // ---- the figures as the endpoint answers them -------------------------------------------------------------------

    /** The JSON rows of these libraries, by library: region and every figure (refusals flattened). */
    private static Map<String, Map<String, Object>> json(String query, String token, String... libraries) {
        Response response = given().header("Authorization", "Bearer " + token).accept(ContentType.JSON)
                .get(PATH + "?" + query);
        response.then().statusCode(200).contentType(ContentType.JSON);
        Map<String, Map<String, Object>> byLibrary = new TreeMap<>();
        List<Map<String, Object>> rows = response.jsonPath().getList("rows");
        for (Map<String, Object> row : rows) {
            if (Arrays.asList(libraries).contains(row.get("library"))) {
                byLibrary.put((String) row.get("library"), figures(row));
            }
        }
        return byLibrary;
    }

    /** The same from the CSV answer (Accept: text/csv), which must start with a UTF-8 byte order mark. */
    private static Map<String, Map<String, Object>> csv(String query, String token, String... libraries) {
        Response response = given().header("Authorization", "Bearer " + token).accept("text/csv")
                .get(PATH + "?" + query);
        response.then().statusCode(200).contentType("text/csv");
        byte[] bytes = response.asByteArray();
        assertThat(Arrays.copyOf(bytes, 3)).isEqualTo(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        String[] lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        assertThat(header).startsWith("period", "region", "library", "checkouts");
        Map<String, Map<String, Object>> byLibrary = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                String name = header.get(c);
                row.put(name, name.equals("period") || name.equals("region") || name.equals("library") ? cells[c]
                        : (Object) Long.parseLong(cells[c]));
            }
            String library = (String) row.remove("library");
            row.remove("period");
            if (Arrays.asList(libraries).contains(library)) {
                byLibrary.put(library, row);
            }
        }
        return byLibrary;
    }

    /** A JSON row as the comparison wants it: region and figures, numbers as longs, refusals as refusals.X. */
    private static Map<String, Object> figures(Map<String, Object> row) {
        Map<String, Object> f = new LinkedHashMap<>();
        row.forEach((name, value) -> {
            if (name.equals("refusals")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> reasons = (Map<String, Object>) value;
                reasons.forEach((reason, n) -> f.put("refusals." + reason, ((Number) n).longValue()));
            } else if (value instanceof Number n) {
                f.put(name, n.longValue());
            } else if (name.equals("region")) {
                f.put(name, value);
            }
        });
        return f;
    }

    private static Map<String, Object> row(String region, long checkouts, long degraded, long returns,
                                           long returnsElsewhere, long renewals, long enrollments, long imports,
                                           long suspensions, List<Integer> refusals, long borrowers) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("region", region);
        f.put("checkouts", checkouts);
        f.put("degradedCheckouts", degraded);
        f.put("returns", returns);
        f.put("returnsElsewhere", returnsElsewhere);
        f.put("renewals", renewals);
        f.put("enrollments", enrollments);
        f.put("imports", imports);
        f.put("suspensions", suspensions);
        for (int i = 0; i < REASONS.size(); i++) {
            f.put("refusals." + REASONS.get(i), (long) refusals.get(i));
        }
        f.put("distinctBorrowers", borrowers);
        return f;
    }

    // ---- events as a region sends them ------------------------------------------------------------------------------

    private static EventEnvelope send(EventPayload payload, Instant written) {
        EventEnvelope envelope = CODEC.envelope(TestEvents.sourceOf(TestEvents.senderOf(payload)), payload, written);
        KafkaTestClient.send(region, envelope);
        return envelope;
    }

    private static LoanCreated loan(String member, String library, String regionId, Instant at, boolean degraded) {
        return new LoanCreated(UUID.randomUUID().toString(), member, library, library, "$" + library + "EM"
                + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L)), regionId, at,
                LocalDate.ofInstant(at, SEOUL).plusDays(14), degraded);
    }

    private static MemberEnrolled enrolled(String number, String library, Instant at) {
        return new MemberEnrolled(number, NumberForm.CHECK_DIGIT, library, library, "seoul",
                TestEvents.newIdentityHash(), MemberCategory.FULL, MemberStatus.NORMAL, at);
    }

    private static Response reserve(String loanId, String member, String library) {
        return given().contentType(ContentType.JSON).body("""
                {"loanId":"%s","memberNumber":"%s","libraryCode":"%s","region":"seoul",
                 "itemBarcode":"$%sEM%010d","dueOn":"%s","warnOnly":false}""".formatted(loanId, member,
                library, library, ThreadLocalRandom.current().nextLong(10_000_000_000L), today().plusDays(14)))
                .post("/api/v1/national/loan-reservations");
    }

    /** A library code of type 7 (used by no other test) in the region with these digits, new to this run. */
    private static String library(String regionDigits) {
        return "7" + regionDigits + String.format("%03d", SERIAL.incrementAndGet() % 1000);
    }

    private static LocalDate today() {
        return LocalDate.now(SEOUL);
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(SEOUL).toInstant();
    }

    private AccessMatrix matrix() {
        return new AccessMatrix(base, Map.of());
    }

    private void sql(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    private long count(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
