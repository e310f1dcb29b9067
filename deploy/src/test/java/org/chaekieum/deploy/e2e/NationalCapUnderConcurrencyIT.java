package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.GYEONGGI;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.chaekieum.deploy.Federation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The national cap holds under concurrency: checkouts for one member racing at four libraries of two regions never
 * take the member past the cap while the hub is reachable.
 */
@ExtendWith(FederationExtension.class)
class NationalCapUnderConcurrencyIT {

    private static final List<String> LIBRARIES = List.of("111001", "111002", "141001", "141002");
    private static final int CHECKOUTS_PER_LIBRARY = 10;

    /** The outcome of one checkout: HTTP status, problem code (if any), loan id (if any). */
    private record Outcome(String library, String item, int status, String code, String loanId, String body) {
    }

    private static String refusedExample(List<Outcome> outcomes) {
        return outcomes.stream().filter(outcome -> outcome.status() != 201).findFirst()
                .map(outcome -> outcome.library() + " " + outcome.body()).orElse("none");
    }

    /**
     * The 40 reservations below are serialised on one member at the hub, within the regions' reservation timeout. A hub
     * restarted by an earlier test (a cold JVM) could be too slow for that and the regions would rightly fall back to
     * the degraded rule, which is not what this test is about: another member's loans, each through the hub and
     * returned, warm the path first (and show that the hub is reachable from every library).
     */
    private static void warmUp(Federation federation) {
        Circulation.Member other = Circulation.memberRegisteredAt(federation, LIBRARIES.get(0),
                LIBRARIES.subList(1, LIBRARIES.size()));
        for (int round = 0; round < 3; round++) {
            for (String library : LIBRARIES) {
                String item = Circulation.newItem(library);
                Response lent = Circulation.checkout(federation, library, other.memberNumber(), item);
                assertThat(lent.statusCode()).as("warm-up checkout at %s: %s", library, lent.asString())
                        .isEqualTo(201);
                Circulation.returnItem(federation, library, item);
            }
        }
    }

    @Test
    void fortyParallelCheckoutsAcrossBothRegionsGrantExactlyTheNationalCap(Federation federation) throws Exception {
        Circulation.Member member = Circulation.memberRegisteredAt(federation, LIBRARIES.get(0),
                LIBRARIES.subList(1, LIBRARIES.size()));
        String number = member.memberNumber();
        // Each library alone would allow all of its share: only the national cap can stop them.
        LIBRARIES.forEach(library -> Circulation.setPolicy(federation, library, Circulation.policyWithCap(20)));
        warmUp(federation);

        int total = LIBRARIES.size() * CHECKOUTS_PER_LIBRARY;
        CountDownLatch ready = new CountDownLatch(total);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(total);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                String library = LIBRARIES.get(i % LIBRARIES.size());
                String item = Circulation.newItem(library);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    Response response = Circulation.checkout(federation, library, number, item);
                    String body = response.asString();
                    boolean json = response.contentType() != null && response.contentType().contains("json");
                    JsonPath path = json && !body.isBlank() ? response.jsonPath() : null;
                    return new Outcome(library, item, response.statusCode(),
                            path == null ? null : path.getString("code"),
                            path == null ? null : path.getString("loanId"), body);
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

        List<Outcome> granted = outcomes.stream().filter(outcome -> outcome.status() == 201).toList();
        List<Outcome> refused = outcomes.stream().filter(outcome -> outcome.status() != 201).toList();
        Map<String, Long> summary = outcomes.stream().collect(Collectors.groupingBy(
                outcome -> outcome.status() + " " + outcome.code(), TreeMap::new, Collectors.counting()));
        assertThat(granted).as("granted checkouts; outcomes by status and code: %s; first refusal: %s", summary,
                refusedExample(outcomes)).hasSize(Circulation.NATIONAL_CAP);
        assertThat(refused).as("refused checkouts").hasSize(total - Circulation.NATIONAL_CAP)
                .allSatisfy(outcome -> {
                    assertThat(outcome.status()).as("status of %s: %s", outcome.item(), outcome.body())
                            .isEqualTo(409);
                    assertThat(outcome.code()).as("code of %s: %s", outcome.item(), outcome.body())
                            .isEqualTo("NATIONAL_CAP_REACHED");
                });
        Set<String> loanIds = granted.stream().map(Outcome::loanId).collect(Collectors.toCollection(TreeSet::new));
        assertThat(loanIds).as("distinct loan ids").hasSize(Circulation.NATIONAL_CAP).doesNotContainNull();
        Map<String, Long> grantedPerLibrary = granted.stream()
                .collect(Collectors.groupingBy(Outcome::library, Collectors.counting()));

        await("the hub's ledger holds the " + Circulation.NATIONAL_CAP + " loans of " + number)
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Response hub = Circulation.nationalLoans(federation, number);
                    assertThat(hub.statusCode()).as("hub loans of %s: %s", number, hub.asString()).isEqualTo(200);
                    assertThat(hub.jsonPath().getInt("activeLoans")).isEqualTo(Circulation.NATIONAL_CAP);
                    assertThat(hub.jsonPath().getList("loans.loanId", String.class))
                            .containsExactlyInAnyOrderElementsOf(loanIds);
                    Map<String, Integer> perLibrary = hub.jsonPath().getMap("loansPerLibrary", String.class,
                            Integer.class);
                    grantedPerLibrary.forEach((library, count) -> assertThat(perLibrary.get(library))
                            .as("hub count at %s", library).isEqualTo(count.intValue()));
                });

        // And the regions hold exactly those loans, nothing more.
        Set<String> regional = new TreeSet<>(Databases.regionActiveLoanIds(federation, SEOUL, number));
        regional.addAll(Databases.regionActiveLoanIds(federation, GYEONGGI, number));
        assertThat(regional).as("active loans of %s in both regions' databases", number).isEqualTo(loanIds);
    }
}
