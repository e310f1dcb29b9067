package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.DEGRADED_MAX_LOANS_PER_MEMBER;
import static org.chaekieum.deploy.e2e.FederationExtension.GYEONGGI;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Circulation through failures: a regional center that crashes between its commit and the publication of the loan
 * events loses none of them, and while the hub is down the regions lend by the degraded rule, mark those loans, and
 * the hub reconciles its ledger with the regions once it is back, reporting every overrun of the national cap.
 */
@ExtendWith(FederationExtension.class)
class CirculationOutageIT {

    private static final String SEOUL_LIBRARY = "111001";
    private static final String GYEONGGI_LIBRARY = "141001";
    static final String LOAN_CREATED_TYPE = "org.chaekieum.loan.created.v1";

    @Test
    void aRegionalCenterKilledAfterCommitLosesNoEvent(Federation federation) throws Exception {
        Circulation.Member member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of());
        String number = member.memberNumber();
        Circulation.setPolicy(federation, SEOUL_LIBRARY, Circulation.policyWithCap(5));

        Set<String> loanIds = new TreeSet<>();
        federation.kafka().stop();
        try {
            for (int i = 0; i < 3; i++) {
                loanIds.add(Circulation.lend(federation, SEOUL_LIBRARY, number, Circulation.newItem(SEOUL_LIBRARY)));
            }
            assertThat(loanIds).hasSize(3);
            // Committed, not published (no broker): a crash now must not lose the events.
            federation.killRegion(SEOUL);
            assertThat(federation.region(SEOUL).isRunning()).isFalse();
        } finally {
            try {
                federation.kafka().start();
            } finally {
                federation.startRegion(SEOUL);
            }
        }

        await("the hub learns of the 3 loans of " + number + " after the crash").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Response hub = Circulation.nationalLoans(federation, number);
                    assertThat(hub.statusCode()).as("hub loans of %s: %s", number, hub.asString()).isEqualTo(200);
                    assertThat(hub.jsonPath().getInt("activeLoans")).isEqualTo(3);
                    assertThat(hub.jsonPath().getList("loans.loanId", String.class))
                            .containsExactlyInAnyOrderElementsOf(loanIds);
                    for (String loanId : loanIds) {
                        assertThat(Databases.nationalLoanRows(federation, loanId))
                                .as("national_loan rows of loan %s", loanId).containsExactly("ACTIVE");
                    }
                    assertThat(Databases.outboxRows(federation, LocalPostgres.regionDatabase(SEOUL), number,
                            LOAN_CREATED_TYPE))
                            .as("loan-created outbox rows of %s in region_seoul (published?)", number)
                            .containsExactly(true, true, true);
                });
    }

    @Test
    void hubStoppedCheckoutsFollowTheDegradedRuleAndAreReconciled(Federation federation) throws Exception {
        Circulation.Member member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY,
                List.of(GYEONGGI_LIBRARY));
        String number = member.memberNumber();
        Circulation.setPolicy(federation, SEOUL_LIBRARY, Circulation.policyWithCap(20));
        Circulation.setPolicy(federation, GYEONGGI_LIBRARY, Circulation.policyWithCap(20));
        // Two short of the national cap while the hub can still be asked: two rights are still free somewhere, and the
        // degraded loans (this federation's operator opted in to the bounded rule) will overrun the cap.
        int before = Circulation.NATIONAL_CAP - 2;
        for (int i = 0; i < before; i++) {
            String library = i % 2 == 0 ? SEOUL_LIBRARY : GYEONGGI_LIBRARY;
            Circulation.lend(federation, library, number, Circulation.newItem(library));
        }

        List<String> degradedLoans = new ArrayList<>();
        int onRights = 0;
        federation.stopHub();
        try {
            for (String library : List.of(SEOUL_LIBRARY, GYEONGGI_LIBRARY)) {
                String region = library.equals(SEOUL_LIBRARY) ? SEOUL : GYEONGGI;
                int free = Math.max(0, Databases.regionRightsHeld(federation, region, number)
                        - Databases.regionActiveLoanIds(federation, region, number).size());
                // First the rights held here, as if the hub were up (not degraded); then the degraded allowance;
                // then a refusal.
                int lentOnRights = 0;
                int degradedHere = 0;
                for (int i = 0; i < Circulation.NATIONAL_CAP; i++) {
                    Response lent = Circulation.checkout(federation, library, number, Circulation.newItem(library));
                    if (lent.statusCode() != 201) {
                        assertThat(lent.statusCode() + " " + lent.jsonPath().getString("code"))
                                .as("checkout at %s beyond the rights and the degraded allowance: %s", library,
                                        lent.asString()).isEqualTo("503 NATIONAL_CAP_UNVERIFIABLE");
                        break;
                    }
                    if (lent.jsonPath().getBoolean("degraded")) {
                        degradedHere++;
                        degradedLoans.add(lent.jsonPath().getString("loanId"));
                    } else {
                        assertThat(degradedHere).as("a loan on a right after a degraded one at %s: %s", library,
                                lent.asString()).isZero();
                        lentOnRights++;
                    }
                }
                assertThat(lentOnRights).as("loans on the %d right(s) free at %s", free, region).isEqualTo(free);
                assertThat(degradedHere).as("degraded loans at %s", library)
                        .isEqualTo(DEGRADED_MAX_LOANS_PER_MEMBER);
                onRights += lentOnRights;
            }
        } finally {
            federation.startHub();
        }
        assertThat(onRights).as("the rights still free when the hub stopped").isEqualTo(2);
        Set<String> degradedInRegions = new TreeSet<>(Databases.regionDegradedLoanIds(federation, SEOUL, number));
        degradedInRegions.addAll(Databases.regionDegradedLoanIds(federation, GYEONGGI, number));
        assertThat(degradedInRegions).as("loans marked degraded in the regions' databases")
                .containsExactlyInAnyOrderElementsOf(degradedLoans);

        int expectedActive = before + onRights + degradedLoans.size();
        await("the hub's ledger of " + number + " equals the regions' loans").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Set<String> regional = new TreeSet<>(Databases.regionActiveLoanIds(federation, SEOUL, number));
                    regional.addAll(Databases.regionActiveLoanIds(federation, GYEONGGI, number));
                    assertThat(regional).as("active loans in the regions").hasSize(expectedActive);
                    assertThat(Databases.nationalLoanIds(federation, number, "ACTIVE"))
                            .as("ACTIVE loans of %s in national_loan", number).isEqualTo(regional);
                    Response hub = Circulation.nationalLoans(federation, number);
                    assertThat(hub.statusCode()).as("hub loans: %s", hub.asString()).isEqualTo(200);
                    assertThat(hub.jsonPath().getList("loans.loanId", String.class))
                            .containsExactlyInAnyOrderElementsOf(regional);
                });

        if (expectedActive > Circulation.NATIONAL_CAP) {
            await("the hub reports the overrun of " + number).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Response overruns = Circulation.overruns(federation);
                        assertThat(overruns.statusCode()).as("overruns: %s", overruns.asString()).isEqualTo(200);
                        assertThat(overruns.asString()).as("overruns").contains(number);
                    });
        }
        // The hub's ledger API per region lists every active loan of that region.
        for (String region : List.of(SEOUL, GYEONGGI)) {
            Response ledger = Circulation.ledger(federation, region, "ACTIVE");
            assertThat(ledger.statusCode()).as("ledger of %s: %s", region, ledger.asString()).isEqualTo(200);
            String body = ledger.asString();
            assertThat(Databases.regionActiveLoanIds(federation, region, number))
                    .as("active loans of %s in %s listed in the hub's ledger", number, region)
                    .allSatisfy(loanId -> assertThat(body).contains(loanId));
        }
    }
}
