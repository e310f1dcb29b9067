package org.chaekieum.deploy.bench;

import static org.chaekieum.deploy.bench.Bench.daemon;
import static org.chaekieum.deploy.bench.Bench.latencySummary;
import static org.chaekieum.deploy.bench.Bench.log;
import static org.chaekieum.deploy.bench.Bench.percentileMillis;
import static org.chaekieum.deploy.bench.TwoRegions.HOME_LIBRARY;
import static org.chaekieum.deploy.bench.TwoRegions.OTHER_REGION_LIBRARY;
import static org.chaekieum.deploy.bench.TwoRegions.otherRegion;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.FederationLayout;
import org.chaekieum.deploy.LocalPostgres;

/**
 * Checkout/return load against a whole local federation ({@link TwoRegions}: PostgreSQL, Kafka, the packaged hub and
 * two regional centers, all on this machine and on free ports), then pgbench's TPC-B-like load on the SAME PostgreSQL
 * server, in one run:
 *
 * <ol>
 *   <li>prepares members (enrolled at 111001, imported at 141001) and generous library caps;</li>
 *   <li>warm-up (closed loop, not measured);</li>
 *   <li>fixed rate: {@code bench.rate} checkouts/s for {@code bench.fixedSeconds} s, open loop (latency measured
 *       from each request's scheduled start, so a stalled server is not hidden), each loan returned
 *       {@code bench.returnDelayMillis} later, half of them at a library of the other region (타관반납);</li>
 *   <li>peak: for each of {@code bench.peakClients} (e.g. 16,32) clients, {@code bench.peakSeconds} s of closed-loop
 *       checkout + return (half returned at the other region), printing checkouts/s;</li>
 *   <li>pgbench {@code -i -s 10}, then {@code -c 16 -j 2 -T 15}, on a fresh database of the same server; prints TPS,
 *       the ratio peak checkouts/s / pgbench TPS (goal >= 0.12, issue 17) and whether p99 < 25 ms at 100 checkouts/s.</li>
 * </ol>
 *
 * <p>Every loop is bounded in count and in time; all traffic goes to 127.0.0.1. Started by
 * {@code ./bench-circulation.sh}; settings are {@code -Dbench.*} system properties (see {@link Config} and
 * {@link TwoRegions.Settings}). The suspension propagation benchmark on the same federation is
 * {@link SuspensionBenchmark}.
 */
public final class CirculationBenchmark {

    /** Peak checkouts/s against pgbench TPS on the same server (issue 17). */
    static final double RATIO_GOAL = 0.12;

    private static final Pattern TPS = Pattern.compile("tps = ([0-9]+(?:\\.[0-9]+)?)");

    /** Settings, from system properties. */
    record Config(TwoRegions.Settings federation, int rate, int warmupSeconds, int fixedSeconds,
                  long returnDelayMillis, List<Integer> peakClients, int peakSeconds, int pgbenchScale,
                  int pgbenchClients, int pgbenchThreads, int pgbenchSeconds, int idleSeconds) {

        static Config fromSystemProperties(FederationLayout layout) {
            List<Integer> peak = new ArrayList<>();
            for (String clients : System.getProperty("bench.peakClients", "16,32").split(",")) {
                if (!clients.isBlank()) {
                    peak.add(Integer.parseInt(clients.trim()));
                }
            }
            int maxClients = peak.stream().mapToInt(Integer::intValue).max().orElse(1);
            return new Config(
                    TwoRegions.Settings.fromSystemProperties(layout, Math.max(40, maxClients)),
                    Integer.getInteger("bench.rate", 100),
                    Integer.getInteger("bench.warmupSeconds", 60),
                    Integer.getInteger("bench.fixedSeconds", 20),
                    Long.getLong("bench.returnDelayMillis", 1000),
                    peak,
                    Integer.getInteger("bench.peakSeconds", 15),
                    Integer.getInteger("bench.pgbench.scale", 10),
                    Integer.getInteger("bench.pgbench.clients", 16),
                    Integer.getInteger("bench.pgbench.threads", 2),
                    Integer.getInteger("bench.pgbench.seconds", 15),
                    Integer.getInteger("bench.idleSeconds", 10));
        }
    }

    /** What one phase measured. */
    record PhaseResult(String name, long okCheckouts, long failedCheckouts, long okReturns, long failedReturns,
                       double seconds, long[] latenciesNanos, Map<String, Integer> failures) {

        double checkoutsPerSecond() {
            return seconds <= 0 ? 0 : okCheckouts / seconds;
        }
    }

    private final TwoRegions regions;
    private final Federation federation;
    private final Config config;
    private final List<String> members;
    private List<String> securityCost = List.of();
    private SecurityCost profile;

    private CirculationBenchmark(TwoRegions regions, Config config) {
        this.regions = regions;
        this.federation = regions.federation();
        this.config = config;
        this.members = regions.members();
    }

    public static void main(String[] args) {
        FederationLayout layout = FederationLayout.detect();
        Config config = Config.fromSystemProperties(layout);
        TwoRegions.run(layout, config.federation(), regions -> new CirculationBenchmark(regions, config).run());
    }

    private int run() {
        PhaseResult fixed = null;
        List<PhaseResult> peaks = new ArrayList<>();
        if (members.isEmpty()) {
            log("no member could be prepared: skipping the checkout phases");
        } else {
            // The profiles that price TLS, SASL and token checks (SecurityCost) start now, so that starting the flight
            // recorder in five JVMs costs the warm-up, not the profiled peak phase.
            profile = SecurityCost.start(federation, config.federation().workDir().resolve("profiles"));
            // Three service JVMs start cold on two cores: give the JIT real traffic before anything is measured.
            closedLoop("warm-up", Math.min(8, members.size()), config.warmupSeconds(), false);
            idle(config.idleSeconds());
            fixed = fixedRate();
            for (int clients : config.peakClients()) {
                // The first peak phase is also profiled: what TLS, SASL and token checks cost (SecurityCost).
                peaks.add(closedLoop("peak " + clients + " clients", clients, config.peakSeconds(), peaks.isEmpty()));
            }
        }
        Pgbenches pgbench = pgbenches();
        report(fixed, peaks, pgbench);
        boolean anyCheckout = fixed != null && fixed.okCheckouts() > 0;
        return anyCheckout ? 0 : 3;
    }

    // ------------------------------------------------------------------------------------------------- phases

    /**
     * What the federation costs with no traffic at all (consumers polling, relays, scheduled jobs, health checks):
     * CPU per second per process over a quiet window after the warm-up. At a few dozen checkouts per second this
     * background is a real part of each phase's CPU per checkout.
     */
    private void idle(int seconds) {
        if (seconds <= 0) {
            return;
        }
        Map<String, Double> before = ProcessCpu.snapshot(federation);
        long t0 = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (!before.isEmpty()) {
            log("idle %.0f s, no traffic: CPU per second of wall time: %s", elapsed,
                    ProcessCpu.perSecond(before, ProcessCpu.snapshot(federation), elapsed));
        }
    }

    /**
     * Open loop at {@code bench.rate}/s: a dispatcher hands each checkout to a worker at its scheduled instant, and
     * the latency runs from that instant; each loan is returned {@code returnDelayMillis} later.
     */
    private PhaseResult fixedRate() {
        int total = config.rate() * config.fixedSeconds();
        long intervalNanos = 1_000_000_000L / config.rate();
        long[] latencies = new long[total];
        Arrays.fill(latencies, -1);
        LongAdder okReturns = new LongAdder();
        LongAdder failedReturns = new LongAdder();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        AtomicLong lastCompletion = new AtomicLong();
        CountDownLatch checkoutsDone = new CountDownLatch(total);
        ExecutorService workers = Executors.newFixedThreadPool(64, daemon("bench-fixed"));
        ScheduledExecutorService returns = Executors.newSingleThreadScheduledExecutor(daemon("bench-returns"));
        log("fixed rate: %d checkouts/s for %d s (%d checkouts), returns after %d ms, half at the other region ...",
                config.rate(), config.fixedSeconds(), total, config.returnDelayMillis());
        Map<String, long[]> databaseBefore = databaseActivity();
        Map<String, Double> cpuBefore = ProcessCpu.snapshot(federation);
        long start = System.nanoTime() + 50_000_000L;
        for (int k = 0; k < total; k++) {
            long scheduled = start + k * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = k;
            workers.execute(() -> {
                try {
                    String member = members.get(index % members.size());
                    String library = index % 2 == 0 ? HOME_LIBRARY : OTHER_REGION_LIBRARY;
                    String item = regions.newItem(library);
                    int status = regions.checkout(library, member, item, failures);
                    long now = System.nanoTime();
                    lastCompletion.accumulateAndGet(now, Math::max);
                    if (status == 201) {
                        latencies[index] = now - scheduled;
                        String returnAt = (index / 2) % 2 == 0 ? library : otherRegion(library);
                        returns.schedule(() -> workers.execute(() -> {
                            if (regions.giveBack(returnAt, item, failures)) {
                                okReturns.increment();
                            } else {
                                failedReturns.increment();
                            }
                        }), config.returnDelayMillis(), TimeUnit.MILLISECONDS);
                    }
                } finally {
                    checkoutsDone.countDown();
                }
            });
        }
        long dispatchEnd = System.nanoTime();
        // Let the last checkouts finish (bounded), then the returns they scheduled, then the workers.
        try {
            if (!checkoutsDone.await(60, TimeUnit.SECONDS)) {
                log("fixed rate: %d checkouts still unanswered after 60 s", checkoutsDone.getCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        returns.shutdown();
        awaitQuietly(returns, Duration.ofMillis(config.returnDelayMillis()).plusSeconds(30));
        workers.shutdown();
        awaitQuietly(workers, Duration.ofSeconds(60));
        double seconds = (Math.max(lastCompletion.get(), dispatchEnd) - start) / 1e9;
        long[] ok = Arrays.stream(latencies).filter(latency -> latency >= 0).sorted().toArray();
        PhaseResult result = new PhaseResult("fixed rate " + config.rate() + "/s", ok.length, total - ok.length,
                okReturns.sum(), failedReturns.sum(), seconds, ok, new TreeMap<>(failures));
        print(result);
        printCost(result.name(), databaseBefore, cpuBefore, ok.length);
        return result;
    }

    /** {@code clients} threads, each: checkout, then return (every other one at the other region), until time's up. */
    private PhaseResult closedLoop(String name, int clients, int seconds, boolean profiled) {
        log("%s: %d clients for %d s ...", name, clients, seconds);
        int maxIterationsPerClient = 200_000;
        LongAdder okCheckouts = new LongAdder();
        LongAdder failedCheckouts = new LongAdder();
        LongAdder okReturns = new LongAdder();
        LongAdder failedReturns = new LongAdder();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        List<long[]> perClient = new ArrayList<>();
        AtomicInteger started = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients, daemon("bench-client"));
        Map<String, long[]> databaseBefore = databaseActivity();
        Map<String, Double> cpuBefore = ProcessCpu.snapshot(federation);
        Instant windowStart = Instant.now();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                started.incrementAndGet();
                String member = members.get(client % members.size());
                long[] latencies = new long[1024];
                int n = 0;
                for (int i = 0; i < maxIterationsPerClient && System.nanoTime() < deadline; i++) {
                    String library = (client + i) % 2 == 0 ? HOME_LIBRARY : OTHER_REGION_LIBRARY;
                    String item = regions.newItem(library);
                    long t0 = System.nanoTime();
                    int status = regions.checkout(library, member, item, failures);
                    long latency = System.nanoTime() - t0;
                    if (status != 201) {
                        failedCheckouts.increment();
                        continue;
                    }
                    okCheckouts.increment();
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = latency;
                    String returnAt = i % 2 == 0 ? library : otherRegion(library);
                    if (regions.giveBack(returnAt, item, failures)) {
                        okReturns.increment();
                    } else {
                        failedReturns.increment();
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        for (Future<long[]> future : futures) {
            try {
                perClient.add(future.get(seconds + 60L, TimeUnit.SECONDS));
            } catch (Exception e) {
                failures.merge("client: " + e, 1, Integer::sum);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        PhaseResult result = new PhaseResult(name, okCheckouts.sum(), failedCheckouts.sum(), okReturns.sum(),
                failedReturns.sum(), elapsed, all, new TreeMap<>(failures));
        Map<String, Double> cpuAfter = ProcessCpu.snapshot(federation);
        Instant windowEnd = Instant.now();
        print(result);
        printCost(name, databaseBefore, cpuBefore, okCheckouts.sum());
        if (profiled && profile != null) {
            securityCost = SecurityCost.report(profile.stop(windowStart, windowEnd), cpuBefore, cpuAfter,
                    okCheckouts.sum());
            securityCost.forEach(line -> log("%s: CPU per checkout and its return in %s", name, line));
        }
        return result;
    }

    /**
     * What one checkout and its return cost, measured since the snapshots taken at the start of the phase: PostgreSQL
     * work per database, and CPU per process (the phase's own checkouts and returns; background jobs run meanwhile are
     * counted too, as they would be in production). Returns scheduled after the phase ended are not in its window.
     */
    private void printCost(String phase, Map<String, long[]> databaseBefore, Map<String, Double> cpuBefore,
                           long checkouts) {
        Map<String, Double> cpuAfter = ProcessCpu.snapshot(federation);
        printDatabaseActivity(phase, databaseBefore, databaseActivity(), checkouts);
        String cpu = ProcessCpu.perOperation(cpuBefore, cpuAfter, checkouts);
        if (!cpu.isEmpty()) {
            log("%s: CPU per checkout and its return: %s", phase, cpu);
        }
    }

    /** Per database: commits, rows written (inserted + updated + deleted), rows read (fetched + returned). */
    private Map<String, long[]> databaseActivity() {
        Map<String, long[]> activity = new TreeMap<>();
        for (String database : federation.postgres().databases()) {
            try (Connection db = federation.postgres().connect(database);
                 Statement statement = db.createStatement()) {
                try (ResultSet row = statement.executeQuery("select xact_commit, tup_inserted + tup_updated"
                        + " + tup_deleted, tup_fetched + tup_returned from pg_stat_database"
                        + " where datname = current_database()")) {
                    row.next();
                    activity.put(database, new long[] {row.getLong(1), row.getLong(2), row.getLong(3)});
                }
            } catch (SQLException e) {
                log("database activity of %s: %s", database, e.getMessage());
            }
        }
        return activity;
    }

    /**
     * What one checkout and its return cost PostgreSQL, per database: commits and rows written (statistics are flushed
     * about once a second, so short phases are approximate).
     */
    private static void printDatabaseActivity(String phase, Map<String, long[]> before, Map<String, long[]> after,
                                              long checkouts) {
        if (checkouts == 0) {
            return;
        }
        StringBuilder line = new StringBuilder();
        after.forEach((database, end) -> {
            long[] begin = before.get(database);
            if (begin != null) {
                line.append(String.format("  %s %.1f commits, %.1f rows written, %.0f rows read;", database,
                        (end[0] - begin[0]) / (double) checkouts, (end[1] - begin[1]) / (double) checkouts,
                        (end[2] - begin[2]) / (double) checkouts));
            }
        });
        log("%s: PostgreSQL per checkout and its return:%s", phase, line);
    }

    // -------------------------------------------------------------------------------------------------- pgbench

    /**
     * pgbench TPC-B-like twice: on a fresh database of the federation's own PostgreSQL server, over TLS verified in
     * full as the services connect; then on an identical server without TLS started beside it for the purpose (same
     * binaries and settings, the federation still running): the hardware baseline of the ratio, and the difference is
     * what TLS costs PostgreSQL.
     */
    private Pgbenches pgbenches() {
        Optional<Double> overTls = pgbench(federation.postgres());
        Optional<Double> plain = Optional.empty();
        try (LocalPostgres withoutTls = LocalPostgres.start(0, config.federation().workDir().resolve("pgbench-plain"),
                List.of())) {
            plain = pgbench(withoutTls);
        } catch (RuntimeException e) {
            log("pgbench: could not start a PostgreSQL server without TLS: %s", e.getMessage());
        }
        return new Pgbenches(plain, overTls);
    }

    /** pgbench's TPS without TLS (the baseline) and over TLS (as the services connect). */
    record Pgbenches(Optional<Double> plain, Optional<Double> overTls) {
    }

    /** pgbench TPC-B-like on a fresh database of {@code postgres}. */
    private Optional<Double> pgbench(LocalPostgres postgres) {
        Optional<Path> binary = Pgbench.binary(config.federation().workDir());
        String database = "pgbench_tpcb";
        if (binary.isEmpty() || !Pgbench.freshDatabase(postgres, database)) {
            return Optional.empty();
        }
        log("pgbench: %s against PostgreSQL on 127.0.0.1:%d (%s), database %s", binary.get(), postgres.port(),
                postgres.tls() == null ? "without TLS" : "TLS, verify-full", database);
        List<String> connection = List.of("-h", "127.0.0.1", "-p", Integer.toString(postgres.port()),
                "-U", LocalPostgres.USER);
        List<String> init = new ArrayList<>(List.of(binary.get().toString(), "-i", "-q", "-s",
                Integer.toString(config.pgbenchScale())));
        init.addAll(connection);
        init.add(database);
        if (Pgbench.run(postgres, init, Duration.ofSeconds(300)) == null) {
            return Optional.empty();
        }
        List<String> load = new ArrayList<>(List.of(binary.get().toString(), "-c",
                Integer.toString(config.pgbenchClients()), "-j", Integer.toString(config.pgbenchThreads()), "-T",
                Integer.toString(config.pgbenchSeconds())));
        load.addAll(connection);
        load.add(database);
        String output = Pgbench.run(postgres, load, Duration.ofSeconds(config.pgbenchSeconds() + 120L));
        if (output == null) {
            return Optional.empty();
        }
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            log("pgbench: no 'tps =' line in its output");
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(tps.group(1)));
    }


    // --------------------------------------------------------------------------------------------------- report

    private void report(PhaseResult fixed, List<PhaseResult> peaks, Pgbenches pgbench) {
        Optional<Double> tps = pgbench.plain();
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder(nl);
        out.append("=== circulation benchmark: one machine, ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; federation = PostgreSQL + Kafka + hub + 2 regional centers ===").append(nl);
        boolean p99Met = false;
        if (fixed != null) {
            double p99 = percentileMillis(fixed.latenciesNanos(), 99);
            p99Met = fixed.okCheckouts() > 0 && fixed.failedCheckouts() == 0 && p99 < 25.0;
            out.append(String.format("fixed rate   target %d checkouts/s, achieved %.1f/s (%d ok, %d failed; "
                            + "returns %d ok, %d failed)%n", config.rate(), fixed.checkoutsPerSecond(),
                    fixed.okCheckouts(), fixed.failedCheckouts(), fixed.okReturns(), fixed.failedReturns()));
            out.append("             checkout latency ").append(latencySummary(fixed.latenciesNanos())).append(nl);
        }
        PhaseResult best = null;
        for (PhaseResult peak : peaks) {
            out.append(String.format("%-12s %.1f checkouts/s (+ as many returns), %d ok, %d failed; latency %s%n",
                    peak.name().replace(" clients", "c"), peak.checkoutsPerSecond(), peak.okCheckouts(),
                    peak.failedCheckouts(), latencySummary(peak.latenciesNanos())));
            if (best == null || peak.checkoutsPerSecond() > best.checkoutsPerSecond()) {
                best = peak;
            }
        }
        if (tps.isPresent()) {
            out.append(String.format("pgbench      TPC-B-like, scale %d, %d clients, %d threads, %d s: %.1f tps without TLS"
                            + " (the baseline)%n", config.pgbenchScale(), config.pgbenchClients(),
                    config.pgbenchThreads(), config.pgbenchSeconds(), tps.get()));
        } else {
            out.append("pgbench      not measured (see above)").append(nl);
        }
        pgbench.overTls().ifPresent(overTls -> out.append(String.format("             over TLS (verify-full, as the"
                + " services connect): %.1f tps%s%n", overTls, tps.isPresent() && tps.get() > 0
                ? String.format(" (TLS costs PostgreSQL %.0f%% of its transactions)", 100 * (1 - overTls / tps.get()))
                : "")));
        if (best != null && tps.isPresent() && tps.get() > 0) {
            double ratio = best.checkoutsPerSecond() / tps.get();
            out.append(String.format("ratio        peak checkouts/s / pgbench tps = %.1f / %.1f = %.3f (goal >= %.2f): %s%n",
                    best.checkoutsPerSecond(), tps.get(), ratio, RATIO_GOAL, ratio >= RATIO_GOAL ? "MET" : "NOT MET"));
        }
        if (!securityCost.isEmpty()) {
            out.append("security     CPU per checkout and its return at the first peak (sampled; see SecurityCost):")
                    .append(nl);
            securityCost.forEach(line -> out.append("             ").append(line).append(nl));
        }
        if (fixed != null) {
            out.append(String.format("p99 goal     checkout p99 < 25 ms at %d/s with no failures: %s%n", config.rate(),
                    p99Met ? "MET" : "NOT MET"));
        }
        System.out.print(out);
    }

    private static void print(PhaseResult result) {
        log("%s: %.1f checkouts/s over %.1f s (%d ok, %d failed; returns %d ok, %d failed); latency %s%s",
                result.name(), result.checkoutsPerSecond(), result.seconds(), result.okCheckouts(),
                result.failedCheckouts(), result.okReturns(), result.failedReturns(),
                latencySummary(result.latenciesNanos()),
                result.failures().isEmpty() ? "" : "; failures: " + result.failures());
    }

    private static void awaitQuietly(ExecutorService executor, Duration timeout) {
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
