package org.chaekieum.hub.rights;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.chaekieum.contracts.api.RightsDifference;
import org.chaekieum.contracts.api.RightsReconciliationView;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.ledger.LedgerService;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.hub.repository.OpenLoanCount;
import org.chaekieum.hub.repository.RegionRights;
import org.chaekieum.hub.repository.RightsReport;
import org.chaekieum.runtime.jobs.Jobs;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reconciles the national cap's rights (issue 17): for every member with rights, what the hub's ledger gives each region
 * against what the region says it holds (its latest {@code rights.held.v1} event) and the member's open loans there,
 * and the sum against the cap. Both sides count a region's rights as its row, never fewer than its open loans, so the
 * loans' own events cannot make a difference; only a move whose other half is missing can, or loans past the cap.
 *
 * <p>Runs every {@code chaekieum.hub.rights.reconciliation-interval} on one hub replica and publishes the differences
 * found as a gauge; the endpoint runs the same check on demand. A member whose rights moved within the settle time is
 * left for the next run: the move's event may still be on its way.
 */
@ApplicationScoped
public class RightsReconciliation {

    private static final Logger LOG = Logger.getLogger(RightsReconciliation.class);

    /** Gauge: differences the latest scheduled reconciliation found (0 before the first run). */
    public static final String DIFFERENCES_METRIC = "chaekieum.hub.rights.differences";
    /** Gauge: members the latest scheduled reconciliation checked. */
    public static final String CHECKED_METRIC = "chaekieum.hub.rights.reconciled-members";

    /** Members read per transaction. */
    static final int PAGE = 500;
    /** Differences listed in an answer (all are counted). */
    public static final int LISTED = 200;

    private final EntityManager em;
    private final Clock clock;
    private final LedgerService loans;
    private final LibraryRegions regions;
    private final Jobs jobs;
    private final MeterRegistry registry;
    private final AtomicLong differences = new AtomicLong();
    private final AtomicLong checked = new AtomicLong();

    @ConfigProperty(name = "chaekieum.hub.rights.reconciliation-settle", defaultValue = "60s")
    Duration settle;

    RightsReconciliation(EntityManager em, Clock clock, LedgerService loans, LibraryRegions regions, Jobs jobs,
                         MeterRegistry registry) {
        this.em = em;
        this.clock = clock;
        this.loans = loans;
        this.regions = regions;
        this.jobs = jobs;
        this.registry = registry;
    }

    void registerMetrics(@Observes StartupEvent event) {
        registry.gauge(DIFFERENCES_METRIC, differences);
        registry.gauge(CHECKED_METRIC, checked);
    }

    @Scheduled(identity = "rights-reconciliation", every = "${chaekieum.hub.rights.reconciliation-interval:5m}",
            delayed = "${chaekieum.hub.rights.reconciliation-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        jobs.alone("rights-reconciliation", () -> {
            RightsReconciliationView view = check(settle);
            differences.set(view.differencesFound());
            checked.set(view.membersChecked());
            for (RightsDifference difference : view.differences()) {
                LOG.warnf("rights of %s differ (%s): region %s, ledger %d, region holds %s, open loans %d, cap %d",
                        difference.memberNumber(), difference.kind(), LogSafe.clip(difference.region(), 40),
                        difference.ledger(), difference.regionHeld(), difference.openLoans(), difference.cap());
            }
            if (view.differencesFound() > 0) {
                LOG.errorf("rights reconciliation: %d difference(s) in %d member(s) checked", view.differencesFound(),
                        view.membersChecked());
            } else {
                LOG.debugf("rights reconciliation: no difference in %d member(s)", view.membersChecked());
            }
        });
    }

    /** Every member with rights, page by page; members whose rights moved within {@code settle} are left out. */
    public RightsReconciliationView check(Duration settle) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(settle);
        List<RightsDifference> listed = new ArrayList<>();
        long[] counts = new long[3]; // checked, settling, differences
        String after = "";
        while (true) {
            String from = after;
            List<String> page = QuarkusTransaction.requiringNew().call(() -> {
                List<String> members = members(from);
                if (!members.isEmpty()) {
                    checkPage(members, cutoff, counts, listed);
                }
                return members;
            });
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        return new RightsReconciliationView(now, settle.toSeconds(), counts[0], counts[1], counts[2], LISTED, listed);
    }

    @SuppressWarnings("unchecked")
    private List<String> members(String after) {
        return ((List<String>) em.createNativeQuery("""
                        select member_number from (
                            select member_number from member_rights union select member_number from rights_report) m
                        where member_number > cast(?1 as bpchar) order by member_number limit ?2""")
                .setParameter(1, after)
                .setParameter(2, PAGE)
                .getResultList()).stream().map(String::trim).toList();
    }

    private void checkPage(List<String> members, Instant cutoff, long[] counts, List<RightsDifference> listed) {
        Map<String, Map<String, Integer>> ledger = new HashMap<>();
        Map<String, Instant> lastChange = new HashMap<>();
        for (RegionRights row : RegionRights.ofMembers(members)) {
            String member = row.memberNumber.trim();
            ledger.computeIfAbsent(member, m -> new TreeMap<>()).put(row.region, row.held);
            lastChange.merge(member, row.updatedAt, RightsReconciliation::later);
        }
        Map<String, Map<String, Integer>> reported = new HashMap<>();
        for (RightsReport report : RightsReport.ofMembers(members)) {
            String member = report.memberNumber.trim();
            reported.computeIfAbsent(member, m -> new TreeMap<>()).put(report.region, report.held);
            lastChange.merge(member, report.receivedAt, RightsReconciliation::later);
        }
        Map<String, Map<String, Integer>> open = new HashMap<>();
        for (OpenLoanCount count : OpenLoanCount.ofMembers(members)) {
            String member = count.memberNumber().trim();
            regions.regionOf(count.libraryCode().trim()).ifPresent(region -> open
                    .computeIfAbsent(member, m -> new TreeMap<>()).merge(region, (int) count.open(), Integer::sum));
            lastChange.merge(member, count.lastChanged(), RightsReconciliation::later);
        }
        for (String member : members) {
            if (lastChange.getOrDefault(member, Instant.EPOCH).isAfter(cutoff)) {
                counts[1]++;
                continue;
            }
            counts[0]++;
            for (RightsDifference difference : differencesOf(member, ledger.getOrDefault(member, Map.of()),
                    reported.getOrDefault(member, Map.of()), open.getOrDefault(member, Map.of()))) {
                counts[2]++;
                if (listed.size() < LISTED) {
                    listed.add(difference);
                }
            }
        }
    }

    /**
     * One member's differences: per region, the ledger's count against the region's, each never fewer than the open
     * loans there (a region without a report holds what its loans take); then the sum against the cap.
     */
    List<RightsDifference> differencesOf(String member, Map<String, Integer> ledger, Map<String, Integer> reported,
                                         Map<String, Integer> open) {
        int cap = loans.capFor(member, null);
        TreeSet<String> regionsOfMember = new TreeSet<>(ledger.keySet());
        regionsOfMember.addAll(reported.keySet());
        regionsOfMember.addAll(open.keySet());
        List<RightsDifference> found = new ArrayList<>();
        int allocated = 0;
        int openLoans = 0;
        for (String region : regionsOfMember) {
            int loansThere = open.getOrDefault(region, 0);
            int byLedger = Math.max(ledger.getOrDefault(region, 0), loansThere);
            int byRegion = Math.max(reported.getOrDefault(region, 0), loansThere);
            allocated += byLedger;
            openLoans += loansThere;
            if (byLedger > byRegion) {
                found.add(new RightsDifference(member, region, RightsDifference.Kind.LEDGER_AHEAD, byLedger, byRegion,
                        loansThere, cap));
            } else if (byRegion > byLedger) {
                found.add(new RightsDifference(member, region, RightsDifference.Kind.REGION_AHEAD, byLedger, byRegion,
                        loansThere, cap));
            }
        }
        if (allocated > cap) {
            found.add(new RightsDifference(member, null, RightsDifference.Kind.OVER_CAP, allocated, null, openLoans,
                    cap));
        }
        return found;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
