package org.chaekieum.hub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.assertj.core.api.SoftAssertions;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.CheckoutRefused;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.event.MemberImported;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.NumberForm;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.hub.support.KafkaTestClient;
import org.chaekieum.hub.support.TestEvents;
import org.chaekieum.testsupport.AccessMatrix;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may see the national dashboard, and what: its pages and its JSON/SSE feed against every kind of caller (no
 * token, bad tokens, a library system, the services' accounts, a national monitor, a regional operator), the scoping
 * of a regional operator to its own region and libraries, both languages, the figures themselves, and no personal data
 * on any page. The login itself (authorization code flow at a real identity provider) is the browser test's
 * ({@code DashboardInTheBrowserIT}); here a browser without a session is sent to the login page, and the pages are
 * read with bearer tokens (the same roles and claims).
 */
@QuarkusTest
class DashboardAccessTest {

    private static final List<String> PAGES = List.of("/dashboard", "/dashboard/regions/seoul",
            "/dashboard/regions/gyeonggi", "/dashboard/libraries/111001", "/dashboard/libraries/141001");
    private static final List<String> FEED = List.of("/dashboard/api/national", "/dashboard/api/regions/seoul",
            "/dashboard/api/regions/gyeonggi", "/dashboard/api/libraries/141001", "/dashboard/api/national/stream",
            "/dashboard/api/regions/gyeonggi/stream", "/dashboard/api/libraries/141001/stream");
    /** 14 digits in a row: a unified member number (none may be on a page). */
    private static final Pattern MEMBER_NUMBER = Pattern.compile("(?<![0-9])[0-9]{14}(?![0-9])");

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger SERIAL = new AtomicInteger(ThreadLocalRandom.current().nextInt(0, 900));

    private static KafkaProducer<String, String> producer;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URI base;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void clients() {
        KafkaTestClient.createTopics(Topics.MEMBER_EVENTS, Topics.NATIONAL_DECISIONS);
        producer = KafkaTestClient.producer();
    }

    @AfterAll
    static void close() {
        producer.close(Duration.ofSeconds(2));
    }

    @Test
    void aBrowserWithoutASessionIsSentToTheIdentityProvidersLoginPage() throws Exception {
        for (String page : PAGES) {
            Reply answer = get(page, null, "text/html");
            assertThat(answer.statusCode()).as(page).isEqualTo(302);
            String location = answer.headers().firstValue("Location").orElse("");
            assertThat(location).as(page).contains("/auth/realms/quarkus").contains("client_id=quarkus-web-app")
                    .contains("response_type=code").contains("code_challenge=");
        }
    }

    @Test
    void theFeedWithoutATokenOrWithABadOneIs401() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, String> caller : AccessMatrix.unauthenticatedCallers("141001").entrySet()) {
            for (String path : FEED) {
                Reply answer = get(path, caller.getValue(), "*/*");
                soft.assertThat(answer.statusCode()).as("%s as %s", path, caller.getKey()).isEqualTo(401);
                soft.assertThat(answer.body()).as("%s as %s", path, caller.getKey()).contains("UNAUTHENTICATED");
            }
            if (caller.getValue() != null) {
                for (String page : PAGES) {
                    soft.assertThat(get(page, caller.getValue(), "text/html").statusCode())
                            .as("%s with a bad token (%s)", page, caller.getKey()).isEqualTo(401);
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void aLibrarySystemAndTheServicesAccountsAre403OnEveryPageAndFeed() throws Exception {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("library system", TestTokens.librarySystem("141001", "141002"));
        callers.put("region service", TestTokens.regionService("gyeonggi"));
        callers.put("hub service", TestTokens.hubService());
        callers.put("no role", TestTokens.noRole());
        SoftAssertions soft = new SoftAssertions();
        callers.forEach((caller, token) -> {
            for (String path : concat(PAGES, FEED)) {
                Reply answer = get(path, token, "*/*");
                soft.assertThat(answer.statusCode()).as("%s as %s: %s", path, caller, answer.body()).isEqualTo(403);
                soft.assertThat(answer.body()).as("%s as %s", path, caller).doesNotContain("checkouts");
            }
        });
        soft.assertAll();
    }

    @Test
    void aNationalMonitorSeesEveryRegionAndLibraryInKoreanOrEnglish() throws Exception {
        String monitor = TestTokens.monitor();
        for (String page : PAGES) {
            Reply korean = get(page, monitor, "text/html");
            assertThat(korean.statusCode()).as(page + ": " + korean.body()).isEqualTo(200);
            assertThat(korean.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(korean.body()).as(page).contains("<html lang=\"ko\"").contains("책이음 전국 현황")
                    .contains("대출").contains("/webjars/uplot/").contains("data-stream=\"/dashboard/api/");
            Reply english = get(page + "?lang=en", monitor, "text/html");
            assertThat(english.statusCode()).as(page).isEqualTo(200);
            assertThat(english.body()).as(page).contains("<html lang=\"en\"").contains("Chaekieum national dashboard")
                    .contains("Checkouts").doesNotContain("책이음 전국 현황");
            assertThat(english.headers().allValues("Set-Cookie")).as(page)
                    .anyMatch(cookie -> cookie.startsWith("dashboard-lang=en"));
        }
        Reply regions = get("/dashboard", monitor, "text/html");
        assertThat(regions.body()).contains("href=\"/dashboard/regions/seoul\"")
                .contains("href=\"/dashboard/regions/gyeonggi\"");
        assertThat(get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", null, "*/*").statusCode()).isEqualTo(200);
        assertThat(get("/dashboard/static/dashboard.js", null, "*/*").statusCode()).isEqualTo(200);
    }

    @Test
    void aRegionalOperatorSeesItsOwnRegionAndItsLibrariesOnly() throws Exception {
        String seoulLibrary = "111003";
        String gyeonggiLibrary = library("41");
        send(loan(seoulLibrary, "seoul"));
        send(loan(gyeonggiLibrary, "gyeonggi"));
        String operator = TestTokens.operator("gyeonggi");

        Reply overview = get("/dashboard", operator, "text/html");
        assertThat(overview.statusCode()).isEqualTo(303);
        assertThat(overview.headers().firstValue("Location").orElse("")).endsWith("/dashboard/regions/gyeonggi");

        await().atMost(WAIT).untilAsserted(() -> assertThat(
                get("/dashboard/api/regions/gyeonggi", operator, "application/json").body()).contains(gyeonggiLibrary));
        for (String own : List.of("/dashboard/regions/gyeonggi", "/dashboard/libraries/" + gyeonggiLibrary,
                "/dashboard/api/regions/gyeonggi", "/dashboard/api/libraries/141001")) {
            Reply answer = get(own, operator, "*/*");
            assertThat(answer.statusCode()).as(own).isEqualTo(200);
            assertThat(answer.body()).as(own).doesNotContain("seoul").doesNotContain(seoulLibrary);
        }
        for (String other : List.of("/dashboard/regions/seoul", "/dashboard/libraries/111001",
                "/dashboard/libraries/111003", "/dashboard/api/national", "/dashboard/api/regions/seoul",
                "/dashboard/api/libraries/111003", "/dashboard/api/national/stream",
                "/dashboard/api/regions/seoul/stream", "/dashboard/api/libraries/111001/stream")) {
            Reply answer = get(other, operator, "*/*");
            assertThat(answer.statusCode()).as(other).isEqualTo(403);
            assertThat(answer.body()).as(other).doesNotContain("\"today\"").doesNotContain("checkouts")
                    .doesNotContain(">대출<");
            if (!other.startsWith("/dashboard/api/")) {
                // (A problem of the feed names the path asked for in its "instance"; a page shows nothing of it.)
                assertThat(answer.body()).as(other).doesNotContain(seoulLibrary).doesNotContain("seoul");
            }
        }
        assertThat(get("/dashboard/regions/gyeonggi", TestTokens.operator(""), "text/html").statusCode())
                .as("an operator whose token names no region").isEqualTo(403);
    }

    @Test
    void aLibrarysPageCountsTodaysEventsAsTheStatisticsDo() throws Exception {
        // This run's own libraries (type 6, which no other test uses): one in gyeonggi, one in seoul.
        String lending = library("41");
        String elsewhere = library("11");
        LoanCreated first = loan(lending, "gyeonggi");
        LoanCreated second = loan(lending, "gyeonggi");
        send(first);
        send(second);
        send(loan(lending, "gyeonggi"));
        Instant now = Instant.now();
        // Both returns count at the lending library; the one given back at another library also counts there, as a
        // return elsewhere.
        send(new LoanReturned(first.loanId(), first.memberNumber(), lending, lending, now));
        send(new LoanReturned(second.loanId(), second.memberNumber(), lending, elsewhere, now));
        send(new MemberEnrolled(TestEvents.newNumber(lending), NumberForm.CHECK_DIGIT, lending, lending, "gyeonggi",
                TestEvents.newIdentityHash(), MemberCategory.FULL, MemberStatus.NORMAL, now));
        send(new MemberImported(TestEvents.newNumber(elsewhere), lending, "gyeonggi", false, now));
        String monitor = TestTokens.monitor();
        await().atMost(WAIT).untilAsserted(() -> {
            String json = get("/dashboard/api/libraries/" + lending, monitor, "application/json").body();
            assertThat(json).contains("\"today\":{\"checkouts\":3,\"returns\":2,\"returnsElsewhere\":0,"
                    + "\"enrollments\":1,\"imports\":1}");
            assertThat(get("/dashboard/api/libraries/" + elsewhere, monitor, "application/json").body())
                    .contains("\"today\":{\"checkouts\":0,\"returns\":0,\"returnsElsewhere\":1,"
                            + "\"enrollments\":0,\"imports\":0}");
        });
        String page = get("/dashboard/libraries/" + lending, monitor, "text/html").body();
        assertThat(page).contains("id=\"today-checkouts\">3<").contains("id=\"today-enrollments\">1<")
                .contains("id=\"today-imports\">1<");
        String region = get("/dashboard/api/regions/gyeonggi", monitor, "application/json").body();
        assertThat(region).contains("{\"libraryCode\":\"" + lending + "\",\"region\":\"gyeonggi\",\"checkouts\":3,"
                + "\"returns\":2,\"returnsElsewhere\":0,\"enrollments\":1}");
        assertThat(get("/dashboard/libraries/12345", monitor, "text/html").statusCode()).isEqualTo(400);
        assertThat(get("/dashboard/api/regions/atlantis", monitor, "application/json").statusCode())
                .isEqualTo(404);
    }

    @Test
    void theRefusalsTheRegionsAnnounceAreCountedByReason() throws Exception {
        String library = library("41");
        String member = TestEvents.newNumber(library);
        Map<String, Integer> refused = Map.of("NATIONAL_CAP_REACHED", 2, "MEMBER_SUSPENDED", 1,
                "LIBRARY_CAP_REACHED", 3, "NATIONAL_CAP_UNVERIFIABLE", 1, "IMPORT_REQUIRED", 2);
        refused.forEach((reason, n) -> {
            for (int i = 0; i < n; i++) {
                send(new CheckoutRefused(member, library, "gyeonggi", reason, Instant.now()));
            }
        });
        String monitor = TestTokens.monitor();
        String expected = "\"refusals\":{\"nationalCap\":2,\"suspension\":1,\"libraryCap\":3,\"hubUnreachable\":1,"
                + "\"other\":2,\"degradedLoans\":0}";
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                get("/dashboard/api/libraries/" + library, monitor, "application/json").body()).contains(expected));
        // The region counts them too (with what other tests' events add to gyeonggi today).
        Matcher count = Pattern.compile("\"refusals\":\\{\"nationalCap\":([0-9]+),\"suspension\":[0-9]+,"
                + "\"libraryCap\":([0-9]+),").matcher(get("/dashboard/api/regions/gyeonggi", monitor,
                "application/json").body());
        assertThat(count.find()).isTrue();
        assertThat(Long.parseLong(count.group(1))).isGreaterThanOrEqualTo(2);
        assertThat(Long.parseLong(count.group(2))).isGreaterThanOrEqualTo(3);
        String page = get("/dashboard/libraries/" + library + "?lang=en", monitor, "text/html").body();
        assertThat(page).contains("data-fig=\"refusals.libraryCap\">3<").contains("data-fig=\"refusals.other\">2<")
                .doesNotContain("Counts only what the hub refused itself");
    }

    @Test
    void aRegionsLastEventIsTheNewestItSentToTheBroker() throws Exception {
        // Region "incheon" (test profile: its URL is the stand-in region) sends one event; the background refresh
        // reads it from the topic's tail, without joining the hub's consumer group.
        String number = TestEvents.newNumber();
        EventEnvelope sent = TestEvents.CODEC.envelope("/chaekieum/regions/incheon",
                TestEvents.enrolled(number, TestEvents.newIdentityHash(), "incheon", MemberStatus.NORMAL),
                Instant.now());
        try (KafkaProducer<String, String> region = KafkaTestClient.producer()) {
            KafkaTestClient.send(region, sent);
        }
        String monitor = TestTokens.monitor();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                get("/dashboard/api/regions/incheon", monitor, "application/json").body())
                .containsPattern("\"region\":\"incheon\",\"health\":\"[A-Z_]+\",\"checkedAt\":\"[^\"]+\","
                        + "\"lastEventAt\":\"[^\"]+\"")
                .contains("\"hubConsumerLag\":"));
        String national = get("/dashboard/api/national", monitor, "application/json").body();
        assertThat(national).as("a region without a URL").contains(
                "{\"region\":\"busan\",\"health\":\"NOT_CONFIGURED\"").as("nothing listens at gwangju's URL")
                .contains("{\"region\":\"gwangju\",\"health\":\"UNREACHABLE\"");
    }

    @Test
    void theStreamSendsTheFiguresWithoutBeingAsked() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/dashboard/api/national/stream"))
                .header("Authorization", "Bearer " + TestTokens.monitor()).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(20)).GET().build();
        HttpResponse<InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<Integer> twoEvents = CompletableFuture.supplyAsync(() -> {
                int events = 0;
                try {
                    for (String line; events < 2 && (line = lines.readLine()) != null; ) {
                        if (line.startsWith("data:")) {
                            assertThat(line).contains("\"today\":{\"checkouts\":").contains("\"regions\":[");
                            events++;
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return events;
            });
            assertThat(twoEvents.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void noPageHoldsPersonalData() throws Exception {
        String member = insertMember("111001", "seoul");
        String monitor = TestTokens.monitor();
        for (String page : concat(PAGES, List.of("/dashboard/api/national", "/dashboard/api/regions/seoul",
                "/dashboard/api/libraries/111001"))) {
            for (String lang : List.of("ko", "en")) {
                String body = get(page + "?lang=" + lang, monitor, "*/*").body();
                assertThat(body).as(page).doesNotContain(member).doesNotContain("identityHash")
                        .doesNotContain("identity_hash").doesNotContain("birth").doesNotContain("phone");
                assertThat(MEMBER_NUMBER.matcher(body).find()).as("a member number on %s", page).isFalse();
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** What came back: status, headers, and the body (of a stream that answered 200: nothing). */
    private record Reply(int statusCode, HttpHeaders headers, String body) {
    }

    private Reply get(String path, String token, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
                .header("Accept", accept);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<InputStream> answer = http.send(request.GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = answer.body()) {
                boolean stream = answer.headers().firstValue("Content-Type").orElse("")
                        .startsWith("text/event-stream");
                String body = stream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Reply(answer.statusCode(), answer.headers(), body);
            }
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /** A loan made now at a library, as its region announces it. */
    private static LoanCreated loan(String library, String region) {
        return new LoanCreated(UUID.randomUUID().toString(), TestEvents.newNumber(library), library, library,
                "$" + library + "EM" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L)),
                region, Instant.now(), TestEvents.today().plusDays(14), false);
    }

    /** The event on the member-events topic, as a region sends it (the statistics count it asynchronously). */
    private static void send(EventPayload payload) {
        KafkaTestClient.send(producer, TestEvents.CODEC.envelope(
                TestEvents.sourceOf(TestEvents.senderOf(payload)), payload, Instant.now()));
    }

    /** A library code of type 6 (used by no other test) in the region with these digits, new to this run. */
    private static String library(String regionDigits) {
        return "6" + regionDigits + String.format("%03d", SERIAL.incrementAndGet() % 1000);
    }

    /** A number registered now, issued by the library. */
    private String insertMember(String library, String region) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String member = UnifiedMemberNumber.issue(LibraryCode.of(library), 26,
                10_000 + (int) (Math.random() * 80_000)).value();
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("""
                insert into national_member (member_number, number_form, issuing_library, region, identity_hash,
                    category, status, registered_at, updated_at)
                values (?, 'CHECK_DIGIT', ?, ?, ?, 'FULL', 'NORMAL', ?, ?)""")) {
            insert.setString(1, member);
            insert.setString(2, library);
            insert.setString(3, region);
            insert.setString(4, UUID.randomUUID().toString().replace("-", "").repeat(2));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setTimestamp(6, Timestamp.from(now));
            insert.executeUpdate();
        }
        return member;
    }
}
