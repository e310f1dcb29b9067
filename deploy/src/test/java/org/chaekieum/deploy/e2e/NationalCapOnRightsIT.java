package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.GYEONGGI;
import static org.chaekieum.deploy.e2e.FederationExtension.GYEONGGI_LIBRARIES;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL_LIBRARIES;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.FederationLayout;
import org.chaekieum.deploy.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The national cap held as rights (issue 17), end to end: a federation of its own whose regions lend on the rights they
 * hold ({@code chaekieum.circulation.national-cap-by=RIGHTS}, the degraded rule off) with the real hub, both real
 * regions, Kafka, PostgreSQL and Keycloak. Checkouts for one member racing at both regions never go past the cap, and
 * every right stays usable; with the hub stopped each region lends only on the rights it held; afterwards the hub's
 * ledger and the regions' rights agree; a member who borrows in one region asks the hub once.
 */
class NationalCapOnRightsIT {

    private static final String HOME = SEOUL_LIBRARIES.get(0);
    private static final String AWAY = GYEONGGI_LIBRARIES.get(0);
    private static final int CAP = Circulation.NATIONAL_CAP;
    private static final Pattern GRANTED = Pattern.compile(
            "chaekieum_hub_rights_requests_total\\{[^}]*outcome=\"granted\"[^}]*region=\"seoul\"[^}]*} ([0-9.E]+)");

    private static Federation federation;
    private static final AtomicBoolean RUNNING = new AtomicBoolean();

    /** One checkout's outcome: where, HTTP status and problem code. */
    private record Outcome(String library, int status, String code, String body) {
    }

    @BeforeAll
    static void start() {
        FederationLayout layout = FederationLayout.detect();
        Federation.Settings settings = new Federation.Settings(layout.deployTarget().resolve("e2e-rights-federation"),
                0, Ports.free(), Ports.free(),
                List.of(new Federation.Region(SEOUL, Ports.free(), SEOUL_LIBRARIES),
                        new Federation.Region(GYEONGGI, Ports.free(), GYEONGGI_LIBRARIES)),
                FederationExtension.IDENTITY_HASH_KEY, List.of("-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"),
                Map.of("chaekieum.hub.profile-transfer.circuit-breaker.delay", "1s"),
                // The defaults: rights (national-cap-by=RIGHTS), the degraded rule off (REFUSE).
                Map.of("org.chaekieum.region.client.HubGateway/askRights/CircuitBreaker/delay", "1",
                        "chaekieum.import.completion-interval", "1s"),
                Duration.ofSeconds(120));
        federation = Federation.start(layout, settings);
        RUNNING.set(true);
        Federation mine = federation;
        RestAssured.config = RestAssured.config().sslConfig(FederationExtension.TLS);
        // As FederationExtension does for its federation: each request carries its caller's token.
        RestAssured.filters((request, response, context) -> {
            if (RUNNING.get() && !request.getHeaders().hasHeaderWithName("Authorization")) {
                String token = mine.tokenFor(request.getMethod(), URI.create(request.getURI()));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
            }
            return context.next(request, response);
        });
    }

    @AfterAll
    static void stop() {
        RUNNING.set(false);
        if (federation != null) {
            federation.close();
        }
    }

    @Test
    void checkoutsRacingAtBothRegionsNeverPassTheCapAndWithTheHubStoppedEachRegionLendsOnlyWhatItHeld()
            throws Exception {
        Circulation.Member member = Circulation.memberRegisteredAt(federation, HOME, List.of(AWAY));
        String number = member.memberNumber();
        for (String library : List.of(HOME, AWAY)) {
            Circulation.setPolicy(federation, library, Circulation.policyWithCap(50));
        }

        // 40 checkouts at once, 20 at each region, cap 20.
        List<Outcome> race = race(number, 40);
        long lent = race.stream().filter(outcome -> outcome.status() == 201).count();
        Map<String, Long> summary = summary(race);
        System.out.printf("[e2e] rights race with the hub up: %s%n", summary);
        assertThat(lent).as("loans made by 40 racing checkouts: %s", summary).isLessThanOrEqualTo(CAP);
        assertThat(race).filteredOn(outcome -> outcome.status() != 201)
                .as("refusals: %s", summary)
                .allSatisfy(outcome -> assertThat(outcome.status() + " " + outcome.code())
                        .isEqualTo("409 NATIONAL_CAP_REACHED"));
        // No right was lost in the race: one checkout after another takes the member exactly to the cap.
        fillUp(number);
        assertThat(activeLoans(number)).as("active loans after filling up").isEqualTo(CAP);
        agree(number);

        // Everything back: each region keeps the rights its loans freed. Then the hub goes away.
        for (String region : List.of(SEOUL, GYEONGGI)) {
            for (String item : Databases.regionActiveItems(federation, region, number)) {
                Circulation.returnItem(federation, region.equals(SEOUL) ? HOME : AWAY, item).then().statusCode(200);
            }
        }
        Map<String, Integer> heldBefore = Databases.hubRightsHeld(federation, number);
        federation.stopHub();
        try {
            List<Outcome> withoutHub = race(number, 40);
            Map<String, Long> lentAt = withoutHub.stream().filter(outcome -> outcome.status() == 201)
                    .collect(Collectors.groupingBy(Outcome::library, TreeMap::new, Collectors.counting()));
            System.out.printf("[e2e] rights race with the hub stopped: %s; rights held before: %s%n",
                    summary(withoutHub), heldBefore);
            assertThat(lentAt.getOrDefault(HOME, 0L)).as("lent at Seoul, holding %s", heldBefore)
                    .isLessThanOrEqualTo(heldBefore.getOrDefault(SEOUL, 0));
            assertThat(lentAt.getOrDefault(AWAY, 0L)).as("lent at Gyeonggi, holding %s", heldBefore)
                    .isLessThanOrEqualTo(heldBefore.getOrDefault(GYEONGGI, 0));
            assertThat(withoutHub).filteredOn(outcome -> outcome.status() != 201)
                    .allSatisfy(outcome -> assertThat(outcome.status() + " " + outcome.code())
                            .isIn("503 NATIONAL_CAP_UNVERIFIABLE", "409 NATIONAL_CAP_REACHED"));
            assertThat(activeLoans(number)).as("active loans with the hub stopped").isLessThanOrEqualTo(CAP);
        } finally {
            federation.startHub();
        }
        agree(number);
    }

    @Test
    void aMemberWhoBorrowsInOneRegionAsksTheHubOnceForRights() throws Exception {
        Circulation.Member member = Circulation.memberRegisteredAt(federation, HOME, List.of());
        Circulation.setPolicy(federation, HOME, Circulation.policyWithCap(50));
        double before = grantedToSeoul();
        Circulation.lend(federation, HOME, member.memberNumber(), Circulation.newItem(HOME));
        assertThat(grantedToSeoul() - before).as("the hub's grants to Seoul after the first checkout").isEqualTo(1.0);
        for (int i = 0; i < 10; i++) {
            Circulation.lend(federation, HOME, member.memberNumber(), Circulation.newItem(HOME));
        }
        assertThat(grantedToSeoul() - before).as("the hub's grants to Seoul after eleven checkouts").isEqualTo(1.0);
        assertThat(Databases.regionRightsHeld(federation, SEOUL, member.memberNumber())).isEqualTo(CAP);
    }

    /** {@code total} checkouts for the member at once, half at each region. */
    private static List<Outcome> race(String number, int total) throws Exception {
        CountDownLatch ready = new CountDownLatch(total);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(total);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                String library = i % 2 == 0 ? HOME : AWAY;
                String item = Circulation.newItem(library);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    Response response = Circulation.checkout(federation, library, number, item);
                    String body = response.asString();
                    boolean json = response.contentType() != null && response.contentType().contains("json");
                    JsonPath path = json && !body.isBlank() ? response.jsonPath() : null;
                    return new Outcome(library, response.statusCode(), path == null ? null : path.getString("code"),
                            body);
                }));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("all %d clients ready", total).isTrue();
            go.countDown();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    /** Checkouts one after another, alternating regions, until both refuse: the member's loans reach the cap. */
    private static void fillUp(String number) {
        for (int i = 0; i < 2 * CAP + 2; i++) {
            String library = i % 2 == 0 ? HOME : AWAY;
            Response response = Circulation.checkout(federation, library, number, Circulation.newItem(library));
            if (response.statusCode() != 201) {
                assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
                Response other = Circulation.checkout(federation, library.equals(HOME) ? AWAY : HOME, number,
                        Circulation.newItem(library.equals(HOME) ? AWAY : HOME));
                if (other.statusCode() != 201) {
                    assertThat(other.statusCode()).as(other.asString()).isEqualTo(409);
                    return;
                }
            }
        }
    }

    /**
     * The reconciliation: the hub's ledger gives each region what the region holds, every right is somewhere once, and
     * no region has more loans than rights.
     */
    private static void agree(String number) {
        await("the hub's ledger and the regions' rights of " + number + " agree").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    Map<String, Integer> ledger = Databases.hubRightsHeld(federation, number);
                    for (String region : List.of(SEOUL, GYEONGGI)) {
                        int held = Databases.regionRightsHeld(federation, region, number);
                        assertThat(held).as("%s holds what the ledger %s gives it", region, ledger)
                                .isEqualTo(ledger.getOrDefault(region, 0));
                        assertThat(Databases.regionActiveLoanIds(federation, region, number).size())
                                .as("%s lends on rights it holds", region).isLessThanOrEqualTo(held);
                    }
                    assertThat(ledger.values().stream().mapToInt(Integer::intValue).sum())
                            .as("rights in the ledger %s", ledger).isLessThanOrEqualTo(CAP);
                    // The hub's own reconciliation, from the regions' rights.held events: no difference either.
                    Response reconciliation = RestAssured.given().baseUri(federation.hub().baseUrl())
                            .queryParam("settleSeconds", 0).get("/api/v1/national/rights/reconciliation");
                    assertThat(reconciliation.statusCode()).as(reconciliation.asString()).isEqualTo(200);
                    List<Map<String, Object>> differences = reconciliation.jsonPath().getList("differences");
                    assertThat(differences).as("the hub's reconciliation").filteredOn(d -> number.equals(
                            d.get("memberNumber"))).isEmpty();
                    assertThat(reconciliation.jsonPath().getLong("membersChecked")).isPositive();
                });
    }

    private static int activeLoans(String number) throws SQLException {
        return Databases.regionActiveLoanIds(federation, SEOUL, number).size()
                + Databases.regionActiveLoanIds(federation, GYEONGGI, number).size();
    }

    private static Map<String, Long> summary(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(
                outcome -> outcome.library() + " " + outcome.status() + " " + outcome.code(), TreeMap::new,
                Collectors.counting()));
    }

    private static double grantedToSeoul() {
        String metrics = given().config(RestAssured.config().sslConfig(FederationExtension.TLS))
                .baseUri(federation.hub().baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = GRANTED.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
