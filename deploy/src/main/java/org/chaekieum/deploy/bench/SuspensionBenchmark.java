package org.chaekieum.deploy.bench;

import static org.chaekieum.deploy.bench.Bench.daemon;
import static org.chaekieum.deploy.bench.Bench.latencySummary;
import static org.chaekieum.deploy.bench.Bench.log;
import static org.chaekieum.deploy.bench.Bench.percentileMillis;
import static org.chaekieum.deploy.bench.TwoRegions.HOME_LIBRARY;
import static org.chaekieum.deploy.bench.TwoRegions.OTHER_REGION_LIBRARY;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.chaekieum.deploy.FederationLayout;
import org.chaekieum.deploy.LocalPostgres;

/**
 * 대출정지정책공유, measured against a whole local federation ({@link TwoRegions}): for each prepared member, a loan at
 * 111001 (Seoul) made overdue, returned late there, then checkouts tried at 141001 (Gyeonggi) every 2 ms until one is
 * refused MEMBER_SUSPENDED (a probe that is still lent is returned at once). Latency: from sending the late return (its
 * commit suspends the member in Seoul) to the refused checkout in Gyeonggi. Prints p50/p95/p99/max and whether p99 is
 * under 1 s over at least 200 suspensions.
 *
 * <p>Started by {@code ./bench-suspension.sh}; settings are {@code -Dbench.*} system properties: {@code bench.members}
 * (default 200), {@code bench.suspensionWorkers} (members at a time, default 4), and those of
 * {@link TwoRegions.Settings}.
 */
public final class SuspensionBenchmark {

    private final TwoRegions regions;
    private final int workers;

    private SuspensionBenchmark(TwoRegions regions, int workers) {
        this.regions = regions;
        this.workers = workers;
    }

    public static void main(String[] args) {
        FederationLayout layout = FederationLayout.detect();
        TwoRegions.Settings settings = TwoRegions.Settings.fromSystemProperties(layout, 200);
        int workers = Integer.getInteger("bench.suspensionWorkers", 4);
        TwoRegions.run(layout, settings, regions -> new SuspensionBenchmark(regions, workers).run());
    }

    private int run() {
        List<String> members = regions.members();
        log("suspension propagation: %d members, %d at a time: late return at %s, refused checkout at %s ...",
                members.size(), workers, HOME_LIBRARY, OTHER_REGION_LIBRARY);
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("bench-suspension"));
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        List<Future<Long>> results = new ArrayList<>();
        for (String member : members) {
            results.add(pool.submit(() -> propagation(member, failures)));
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<Long> result : results) {
            try {
                long nanos = result.get(60, TimeUnit.SECONDS);
                if (nanos >= 0) {
                    latencies.add(nanos);
                }
            } catch (Exception e) {
                failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
        }
        pool.shutdownNow();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double p99 = percentileMillis(sorted, 99);
        boolean met = sorted.length >= 200 && failures.isEmpty() && p99 < 1000;
        String nl = System.lineSeparator();
        System.out.print(nl + "=== suspension propagation: one machine, " + Runtime.getRuntime().availableProcessors()
                + " cores; commit in seoul -> refused checkout in gyeonggi ===" + nl
                + "suspensions  " + sorted.length + " measured of " + members.size()
                + (failures.isEmpty() ? "" : "; failures: " + failures) + nl
                + "latency      " + latencySummary(sorted) + nl
                + String.format("goal         p99 < 1000 ms over at least 200 suspensions: %s%n", met ? "MET" : "NOT MET"));
        return sorted.length > 0 ? 0 : 3;
    }

    /** Nanoseconds from the late return at 111001 to the refusal at 141001; -1 when it could not be measured. */
    private long propagation(String member, Map<String, Integer> failures) throws SQLException {
        String item = regions.newItem(HOME_LIBRARY);
        if (regions.checkout(HOME_LIBRARY, member, item, failures) != 201) {
            return -1;
        }
        try (Connection connection = regions.federation().postgres().connect(LocalPostgres.regionDatabase("seoul"));
             PreparedStatement overdue = connection.prepareStatement(
                     "update loan set due_on = current_date - 2 where item_barcode = ? and returned_at is null")) {
            overdue.setString(1, item);
            overdue.executeUpdate();
        }
        long start = System.nanoTime();
        if (!regions.giveBack(HOME_LIBRARY, item, failures)) {
            return -1;
        }
        long deadline = start + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String probe = regions.newItem(OTHER_REGION_LIBRARY);
            HttpResponse<String> answer = regions.send("POST", regions.regionUrl(OTHER_REGION_LIBRARY)
                    + "/api/v1/libraries/" + OTHER_REGION_LIBRARY + "/checkouts", "{\"memberNumber\":\"" + member
                    + "\",\"itemBarcode\":\"" + probe + "\"}", failures);
            if (answer != null && answer.statusCode() == 409 && answer.body().contains("MEMBER_SUSPENDED")) {
                return System.nanoTime() - start;
            }
            if (answer != null && answer.statusCode() == 201) {
                regions.giveBack(OTHER_REGION_LIBRARY, probe, failures);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        failures.merge("not refused within 10 s", 1, Integer::sum);
        return -1;
    }
}
