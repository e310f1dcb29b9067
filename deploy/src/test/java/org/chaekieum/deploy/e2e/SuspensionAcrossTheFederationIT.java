package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;

import io.restassured.response.Response;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.SuspensionPolicy;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 대출정지정책공유: late returns at a Seoul library suspend the member by that library's policy, and the suspension holds
 * at the libraries of Gyeonggi too (refused with the end date and the library that set it), while a warn-only library
 * lends with the warning; lifted in Seoul, it ends everywhere. Separate processes, real PostgreSQL and Kafka.
 */
@ExtendWith(FederationExtension.class)
class SuspensionAcrossTheFederationIT {

    private static final String SEOUL_LIBRARY = "111001";
    private static final String OTHER_SEOUL_LIBRARY = "111002";
    private static final String GYEONGGI_WARN_ONLY = "141001";
    private static final String GYEONGGI_LIBRARY = "141002";

    @Test
    void lateReturnsAtOneLibrarySuspendTheMemberAtEveryLibraryOfEveryRegion(Federation federation) throws Exception {
        LocalDate today = KoreanDay.todayWithTimeToSpare();
        Circulation.setPolicy(federation, SEOUL_LIBRARY, new LibraryPolicy(10, 14, 1, 7, null,
                new SuspensionPolicy(0, BigDecimal.ONE, 0, SuspensionPolicy.Counting.SUM, false, 0, false)));
        Circulation.setPolicy(federation, GYEONGGI_WARN_ONLY, new LibraryPolicy(10, 14, 1, 7, null,
                new SuspensionPolicy(0, BigDecimal.ONE, 0, SuspensionPolicy.Counting.LARGEST, false, 0, true)));
        Circulation.setPolicy(federation, GYEONGGI_LIBRARY, Circulation.policyWithCap(10));
        Circulation.Member member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY,
                List.of(GYEONGGI_WARN_ONLY, GYEONGGI_LIBRARY));
        String number = member.memberNumber();

        String keptLoan = Circulation.lend(federation, GYEONGGI_LIBRARY, number, Circulation.newItem(GYEONGGI_LIBRARY));
        String three = Circulation.newItem(SEOUL_LIBRARY);
        String five = Circulation.newItem(SEOUL_LIBRARY);
        Circulation.lend(federation, SEOUL_LIBRARY, number, three);
        Circulation.lend(federation, SEOUL_LIBRARY, number, five);
        dueDaysAgo(federation, today, three, 3);
        dueDaysAgo(federation, today, five, 5);
        assertThat(Circulation.returnItem(federation, SEOUL_LIBRARY, three).statusCode()).isEqualTo(200);
        assertThat(Circulation.returnItem(federation, SEOUL_LIBRARY, five).statusCode()).isEqualTo(200);

        // 3 + 5 overdue days, summed by 111001's policy: 8 days of suspension, today through today + 7.
        String until = today.plusDays(7).toString();
        await("the hub knows the suspension").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(given().baseUri(federation.hub().baseUrl())
                        .get("/api/v1/national/suspensions").jsonPath()
                        .getString("find { it.memberNumber == '" + number + "' }.suspendedUntil")).isEqualTo(until));

        Response refused = Circulation.checkout(federation, GYEONGGI_LIBRARY, number,
                Circulation.newItem(GYEONGGI_LIBRARY));
        assertThat(refused.statusCode()).as("checkout at %s: %s", GYEONGGI_LIBRARY, refused.asString()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("code")).isEqualTo("MEMBER_SUSPENDED");
        assertThat(refused.jsonPath().getString("context.suspendedUntil")).isEqualTo(until);
        assertThat(refused.jsonPath().getString("context.suspendedByLibrary")).isEqualTo(SEOUL_LIBRARY);
        assertThat(refused.jsonPath().getString("detailKo")).contains(until, SEOUL_LIBRARY);

        // Gyeonggi holds the member too and is told by the hub: it refuses a renewal by itself.
        await("Gyeonggi refuses a renewal").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    Response renewal = Circulation.renew(federation, GYEONGGI_LIBRARY, keptLoan);
                    assertThat(renewal.statusCode()).as("renewal: %s", renewal.asString()).isEqualTo(409);
                    assertThat(renewal.jsonPath().getString("context.suspendedUntil")).isEqualTo(until);
                });

        Response warned = Circulation.checkout(federation, GYEONGGI_WARN_ONLY, number,
                Circulation.newItem(GYEONGGI_WARN_ONLY));
        assertThat(warned.statusCode()).as("checkout at warn-only %s: %s", GYEONGGI_WARN_ONLY, warned.asString())
                .isEqualTo(201);
        assertThat(warned.jsonPath().getString("warnings[0].code")).isEqualTo("MEMBER_SUSPENDED");
        assertThat(warned.jsonPath().getString("warnings[0].context.suspendedUntil")).isEqualTo(until);
        assertThat(warned.jsonPath().getString("warnings[0].context.suspendedByLibrary")).isEqualTo(SEOUL_LIBRARY);

        // Lifted by Seoul's operator: the member borrows again in Gyeonggi as soon as the hub has applied it.
        Response lift = given().baseUri(federation.region(SEOUL).baseUrl()).contentType("application/json")
                .body("{\"reason\":\"overdue waived by the library director\"}")
                .post("/api/v1/operator/members/{n}/suspension-lifts", number);
        assertThat(lift.statusCode()).as("lift: %s", lift.asString()).isEqualTo(204);
        await("the hub has lifted it").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(given().baseUri(federation.hub().baseUrl())
                        .get("/api/v1/national/suspensions").jsonPath()
                        .getList("findAll { it.memberNumber == '" + number + "' }")).isEmpty());
        Response lent = Circulation.checkout(federation, GYEONGGI_LIBRARY, number,
                Circulation.newItem(GYEONGGI_LIBRARY));
        assertThat(lent.statusCode()).as("checkout at %s after the lift: %s", GYEONGGI_LIBRARY, lent.asString())
                .isEqualTo(201);
        await("Gyeonggi renews again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(Circulation.renew(federation, GYEONGGI_LIBRARY, keptLoan).statusCode())
                        .isEqualTo(200));
    }

    /**
     * Two libraries of Seoul suspend the same member, the longer first: Seoul records the longer, the hub both. Each
     * library lifts its own: after the first lift the other's (shorter) suspension still holds in Gyeonggi; after the
     * second the member borrows again.
     */
    @Test
    void eachLibrarysSuspensionHoldsUntilThatLibraryLiftsIt(Federation federation) {
        LocalDate today = KoreanDay.todayWithTimeToSpare();
        Circulation.setPolicy(federation, GYEONGGI_LIBRARY, Circulation.policyWithCap(10));
        String number = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of(GYEONGGI_LIBRARY))
                .memberNumber();
        String seoul = federation.region(SEOUL).baseUrl();
        String longer = today.plusDays(9).toString();
        String shorter = today.plusDays(5).toString();
        assertThat(librarySuspends(seoul, SEOUL_LIBRARY, number, longer).statusCode()).isEqualTo(201);
        // A longer one runs in Seoul: 200, and the hub keeps this library's all the same.
        assertThat(librarySuspends(seoul, OTHER_SEOUL_LIBRARY, number, shorter).statusCode()).isEqualTo(200);
        await("the hub keeps both").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(nationalSuspensions(federation, number)).hasSize(2));

        assertThat(libraryLifts(seoul, SEOUL_LIBRARY, number).statusCode()).isEqualTo(204);
        await("Gyeonggi refuses by the shorter suspension").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    Response refused = Circulation.checkout(federation, GYEONGGI_LIBRARY, number,
                            Circulation.newItem(GYEONGGI_LIBRARY));
                    assertThat(refused.statusCode()).as("checkout: %s", refused.asString()).isEqualTo(409);
                    assertThat(refused.jsonPath().getString("context.suspendedUntil")).isEqualTo(shorter);
                    assertThat(refused.jsonPath().getString("context.suspendedByLibrary"))
                            .isEqualTo(OTHER_SEOUL_LIBRARY);
                });

        assertThat(libraryLifts(seoul, OTHER_SEOUL_LIBRARY, number).statusCode()).isEqualTo(204);
        await("the hub has lifted both").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(nationalSuspensions(federation, number)).isEmpty());
        await("Gyeonggi lends again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Response lent = Circulation.checkout(federation, GYEONGGI_LIBRARY, number,
                            Circulation.newItem(GYEONGGI_LIBRARY));
                    assertThat(lent.statusCode()).as("checkout after both lifts: %s", lent.asString())
                            .isEqualTo(201);
                });
    }

    private static Response librarySuspends(String region, String library, String number, String until) {
        return given().baseUri(region).contentType("application/json")
                .body("{\"suspendedUntil\":\"" + until + "\",\"reason\":\"lost item\"}")
                .post("/api/v1/libraries/{lib}/members/{n}/suspensions", library, number);
    }

    private static Response libraryLifts(String region, String library, String number) {
        return given().baseUri(region).contentType("application/json").body("{\"reason\":\"paid\"}")
                .post("/api/v1/libraries/{lib}/members/{n}/suspension-lifts", library, number);
    }

    private static List<Object> nationalSuspensions(Federation federation, String number) {
        return given().baseUri(federation.hub().baseUrl()).queryParam("limit", 1000)
                .get("/api/v1/national/suspensions").jsonPath()
                .getList("findAll { it.memberNumber == '" + number + "' }");
    }

    @Test
    void withTheLargestOverdueCountedTheSameLateReturnsEarnFiveDays(Federation federation) throws Exception {
        LocalDate today = KoreanDay.todayWithTimeToSpare();
        String largestLibrary = "111002";
        Circulation.setPolicy(federation, largestLibrary, new LibraryPolicy(10, 14, 1, 7, null,
                new SuspensionPolicy(0, BigDecimal.ONE, 0, SuspensionPolicy.Counting.LARGEST, false, 0, false)));
        Circulation.setPolicy(federation, GYEONGGI_LIBRARY, Circulation.policyWithCap(10));
        Circulation.Member member = Circulation.memberRegisteredAt(federation, largestLibrary, List.of(GYEONGGI_LIBRARY));
        String number = member.memberNumber();
        String three = Circulation.newItem(largestLibrary);
        String five = Circulation.newItem(largestLibrary);
        Circulation.lend(federation, largestLibrary, number, three);
        Circulation.lend(federation, largestLibrary, number, five);
        dueDaysAgo(federation, today, three, 3);
        dueDaysAgo(federation, today, five, 5);
        assertThat(Circulation.returnItem(federation, largestLibrary, five).statusCode()).isEqualTo(200);
        assertThat(Circulation.returnItem(federation, largestLibrary, three).statusCode()).isEqualTo(200);

        // The largest single overdue, 5 days: today through today + 4.
        String until = today.plusDays(4).toString();
        await("Gyeonggi refuses with 111002's end date").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    String item = Circulation.newItem(GYEONGGI_LIBRARY);
                    Response answer = Circulation.checkout(federation, GYEONGGI_LIBRARY, number, item);
                    if (answer.statusCode() == 201) {
                        Circulation.returnItem(federation, GYEONGGI_LIBRARY, item);
                    }
                    assertThat(answer.statusCode()).as("checkout at %s: %s", GYEONGGI_LIBRARY, answer.asString())
                            .isEqualTo(409);
                    assertThat(answer.jsonPath().getString("context.suspendedUntil")).isEqualTo(until);
                    assertThat(answer.jsonPath().getString("context.suspendedByLibrary")).isEqualTo(largestLibrary);
                });
    }

    @Test
    void aSuspensionSetWhileTheHubIsStoppedIsEnforcedInTheOtherRegionOnceItIsBack(Federation federation) {
        Circulation.setPolicy(federation, GYEONGGI_LIBRARY, Circulation.policyWithCap(10));
        Circulation.Member member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of(GYEONGGI_LIBRARY));
        String number = member.memberNumber();
        String until = KoreanDay.today().plusDays(14).toString();

        federation.stopHub();
        try {
            // Set by hand in Seoul while the hub is away: Seoul enforces it at once; the event waits for the hub.
            Response set = given().baseUri(federation.region(SEOUL).baseUrl()).contentType("application/json")
                    .body("{\"libraryCode\":\"" + SEOUL_LIBRARY + "\",\"suspendedUntil\":\"" + until
                            + "\",\"reason\":\"damaged a book\"}")
                    .post("/api/v1/operator/members/{n}/suspensions", number);
            assertThat(set.statusCode()).as("suspension by hand: %s", set.asString()).isEqualTo(201);
            Response here = Circulation.checkout(federation, SEOUL_LIBRARY, number, Circulation.newItem(SEOUL_LIBRARY));
            assertThat(here.statusCode()).as("checkout in Seoul: %s", here.asString()).isEqualTo(409);
            assertThat(here.jsonPath().getString("context.suspendedUntil")).isEqualTo(until);
        } finally {
            federation.startHub();
        }

        // Back: Gyeonggi's checkouts go through the hub again, which now knows the suspension. (A checkout that
        // Gyeonggi still lends under the degraded rule while its breaker to the hub closes is given back.)
        await("Gyeonggi refuses the member suspended in Seoul").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    String item = Circulation.newItem(GYEONGGI_LIBRARY);
                    Response answer = Circulation.checkout(federation, GYEONGGI_LIBRARY, number, item);
                    if (answer.statusCode() == 201) {
                        Circulation.returnItem(federation, GYEONGGI_LIBRARY, item);
                    }
                    assertThat(answer.statusCode()).as("checkout at %s: %s", GYEONGGI_LIBRARY, answer.asString())
                            .isEqualTo(409);
                    assertThat(answer.jsonPath().getString("code")).isEqualTo("MEMBER_SUSPENDED");
                    assertThat(answer.jsonPath().getString("context.suspendedUntil")).isEqualTo(until);
                    assertThat(answer.jsonPath().getString("context.suspendedByLibrary")).isEqualTo(SEOUL_LIBRARY);
                });
    }

    /**
     * Moves an open loan's due date into the past, in the owning region's database (the loan was made today, the day
     * the test started on and runs within).
     */
    private static void dueDaysAgo(Federation federation, LocalDate today, String itemBarcode, int days)
            throws Exception {
        try (Connection connection = federation.postgres().connect(LocalPostgres.regionDatabase(SEOUL));
             PreparedStatement update = connection.prepareStatement(
                     "update loan set due_on = ? where item_barcode = ? and returned_at is null")) {
            update.setObject(1, today.minusDays(days));
            update.setString(2, itemBarcode);
            assertThat(update.executeUpdate()).as("open loan of %s", itemBarcode).isEqualTo(1);
        }
    }
}
