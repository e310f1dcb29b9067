package org.chaekieum.deploy.bench;

import static org.chaekieum.deploy.bench.Bench.abbreviate;
import static org.chaekieum.deploy.bench.Bench.daemon;
import static org.chaekieum.deploy.bench.Bench.log;
import static org.chaekieum.deploy.bench.Bench.percentile;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
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
import org.chaekieum.deploy.Ports;

/**
 * Checkout/return load against a whole local federation (PostgreSQL, Kafka, the packaged hub and two regional centers,
 * all on this machine and on free ports), then pgbench's TPC-B-like load on the SAME PostgreSQL server, in one run:
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
 *       the ratio peak checkouts/s / pgbench TPS (goal >= 0.3) and whether p99 < 25 ms at 100 checkouts/s.</li>
 * </ol>
 *
 * <p>Every loop is bounded in count and in time; all traffic goes to 127.0.0.1. Started by
 * {@code ./bench-circulation.sh}; settings are {@code -Dbench.*} system properties (see {@link Config}).
 */
public final class CheckoutBenchmark {

    static final String HOME_LIBRARY = "111001";
    static final String OTHER_REGION_LIBRARY = "141001";
    private static final Pattern MEMBER_NUMBER = Pattern.compile("\"memberNumber\"\\s*:\\s*\"(\\d{14})\"");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9]+(?:\\.[0-9]+)?)");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Settings, from system properties. */
    record Config(int members, int rate, int warmupSeconds, int fixedSeconds, long returnDelayMillis,
                  List<Integer> peakClients, int peakSeconds, int libraryCap, int pgbenchScale, int pgbenchClients,
                  int pgbenchThreads, int pgbenchSeconds, Path workDir, List<String> serviceJvmOptions) {

        static Config fromSystemProperties(FederationLayout layout) {
            List<Integer> peak = new ArrayList<>();
            for (String clients : System.getProperty("bench.peakClients", "16,32").split(",")) {
                if (!clients.isBlank()) {
                    peak.add(Integer.parseInt(clients.trim()));
                }
            }
            int maxClients = peak.stream().mapToInt(Integer::intValue).max().orElse(1);
            String jvm = System.getProperty("bench.serviceJvmOptions",
                    "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"); // see ServiceProcess.DEFAULT_JVM_OPTIONS
            return new Config(
                    Integer.getInteger("bench.members", Math.max(40, maxClients)),
                    Integer.getInteger("bench.rate", 100),
                    Integer.getInteger("bench.warmupSeconds", 60),
                    Integer.getInteger("bench.fixedSeconds", 20),
                    Long.getLong("bench.returnDelayMillis", 1000),
                    peak,
                    Integer.getInteger("bench.peakSeconds", 15),
                    Integer.getInteger("bench.libraryCap", 20),
                    Integer.getInteger("bench.pgbench.scale", 10),
                    Integer.getInteger("bench.pgbench.clients", 16),
                    Integer.getInteger("bench.pgbench.threads", 2),
                    Integer.getInteger("bench.pgbench.seconds", 15),
                    Path.of(System.getProperty("bench.workDir", layout.deployTarget().resolve("bench").toString())),
                    List.of(jvm.trim().split("\\s+")));
        }
    }

    /** What one phase measured. */
    record PhaseResult(String name, long okCheckouts, long failedCheckouts, long okReturns, long failedReturns,
                       double seconds, long[] latenciesNanos, Map<String, Integer> failures) {

        double checkoutsPerSecond() {
            return seconds <= 0 ? 0 : okCheckouts / seconds;
        }
    }

    private final Federation federation;
    private final Config config;
    private final HttpClient http;
    private final AtomicLong itemSerial = new AtomicLong();
    private final List<String> members = new ArrayList<>();

    private CheckoutBenchmark(Federation federation, Config config) {
        this.federation = federation;
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newFixedThreadPool(4, daemon("bench-http")))
                .build();
    }

    public static void main(String[] args) {
        FederationLayout layout = FederationLayout.detect();
        Config config = Config.fromSystemProperties(layout);
        Federation.Settings settings = new Federation.Settings(
                config.workDir(),
                0,
                Ports.free(),
                Ports.free(),
                List.of(new Federation.Region("seoul", Ports.free(), List.of("111001", "111002")),
                        new Federation.Region("gyeonggi", Ports.free(), List.of("141001", "141002"))),
                org.chaekieum.deploy.LocalFederation.identityHashKey(),
                config.serviceJvmOptions(),
                Map.of(),
                Map.of(),
                Duration.ofSeconds(120));
        log("starting a federation in %s (services: %s)", config.workDir().toAbsolutePath(),
                String.join(" ", config.serviceJvmOptions()));
        int exit;
        try (Federation federation = Federation.start(layout, settings)) {
            exit = new CheckoutBenchmark(federation, config).run();
        } catch (RuntimeException e) {
            System.err.println("[bench] failed: " + e.getMessage());
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private int run() {
        prepare();
        if ("suspension".equals(System.getProperty("bench.mode"))) {
            return suspensionPropagation();
        }
        PhaseResult fixed = null;
        List<PhaseResult> peaks = new ArrayList<>();
        if (members.isEmpty()) {
            log("no member could be prepared: skipping the checkout phases");
        } else {
            // Three service JVMs start cold on two cores: give the JIT real traffic before anything is measured.
            closedLoop("warm-up", Math.min(8, members.size()), config.warmupSeconds());
            fixed = fixedRate();
            for (int clients : config.peakClients()) {
                peaks.add(closedLoop("peak " + clients + " clients", clients, config.peakSeconds()));
            }
        }
        Optional<Double> tps = pgbench();
        report(fixed, peaks, tps);
        boolean anyCheckout = fixed != null && fixed.okCheckouts() > 0;
        return anyCheckout ? 0 : 3;
    }

    // ---------------------------------------------------------------------------------------------- preparation

    private void prepare() {
        long t0 = System.nanoTime();
        for (String library : List.of("111001", "111002", "141001", "141002")) {
            String body = "{\"loanCap\":" + config.libraryCap() + ",\"loanPeriodDays\":14,\"renewalLimit\":1,"
                    + "\"renewalDays\":7,\"multiChildLoanCap\":null}";
            HttpResponse<String> response = send("PUT", regionUrl(library) + "/api/v1/operator/libraries/" + library
                    + "/policy", body, null);
            if (response == null || response.statusCode() != 200) {
                log("policy of %s: HTTP %s %s", library, response == null ? "-" : response.statusCode(),
                        response == null ? "" : abbreviate(response.body()));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8, daemon("bench-prepare"));
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < config.members(); i++) {
            int index = i;
            futures.add(pool.submit(() -> prepareMember(index)));
        }
        Map<String, Integer> problems = new TreeMap<>();
        for (Future<String> future : futures) {
            try {
                String outcome = future.get(180, TimeUnit.SECONDS);
                if (outcome.matches("\\d{14}")) {
                    members.add(outcome);
                } else {
                    problems.merge(outcome, 1, Integer::sum);
                }
            } catch (Exception e) {
                problems.merge(e.toString(), 1, Integer::sum);
            }
        }
        pool.shutdownNow();
        log("prepared %d of %d members (enrolled at %s, imported at %s) in %.1f s%s", members.size(),
                config.members(), HOME_LIBRARY, OTHER_REGION_LIBRARY, (System.nanoTime() - t0) / 1e9,
                problems.isEmpty() ? "" : "; problems: " + problems);
    }

    /** Enrolls a member at 111001 and imports them at 141001; returns the member number or what went wrong. */
    private String prepareMember(int index) {
        String identityKey = "CI-BENCH-" + UUID.randomUUID();
        String enrollment = "{\"name\":\"김벤치\",\"birthDate\":\"1985-03-14\",\"phone\":"
                + String.format("\"010-%04d-%04d\"", 7000 + index / 10_000, index % 10_000)
                + ",\"address\":\"서울특별시 중구 세종대로 110\",\"identityKey\":\"" + identityKey
                + "\",\"category\":\"FULL\",\"consents\":{\"personalData\":true,\"thirdPartyTransfer\":true}}";
        HttpResponse<String> enrolled = send("POST", regionUrl(HOME_LIBRARY) + "/api/v1/libraries/" + HOME_LIBRARY
                + "/members", enrollment, null);
        if (enrolled == null || enrolled.statusCode() != 201) {
            return "enrollment HTTP " + (enrolled == null ? "-" : enrolled.statusCode());
        }
        Matcher number = MEMBER_NUMBER.matcher(enrolled.body());
        if (!number.find()) {
            return "enrollment without memberNumber";
        }
        String memberNumber = number.group(1);
        String importBody = "{\"identityKey\":\"" + identityKey + "\",\"consents\":{\"transfer\":true},"
                + "\"requestedBy\":\"bench-desk\"}";
        // The hub learns of the enrollment through Kafka: the import succeeds once it has. Bounded: 60 x 250 ms.
        int last = -1;
        for (int attempt = 0; attempt < 60; attempt++) {
            HttpResponse<String> imported = send("POST", regionUrl(OTHER_REGION_LIBRARY) + "/api/v1/libraries/"
                    + OTHER_REGION_LIBRARY + "/members/" + memberNumber + "/import", importBody, null);
            last = imported == null ? -1 : imported.statusCode();
            if (last == 200 || last == 201) {
                return memberNumber;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        return "import HTTP " + last;
    }

    // ------------------------------------------------------------------------------------------------- phases

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
                    String item = newItem(library);
                    int status = checkout(library, member, item, failures);
                    long now = System.nanoTime();
                    lastCompletion.accumulateAndGet(now, Math::max);
                    if (status == 201) {
                        latencies[index] = now - scheduled;
                        String returnAt = (index / 2) % 2 == 0 ? library : otherRegion(library);
                        returns.schedule(() -> workers.execute(() -> {
                            if (giveBack(returnAt, item, failures)) {
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
        return result;
    }

    /** {@code clients} threads, each: checkout, then return (every other one at the other region), until time's up. */
    private PhaseResult closedLoop(String name, int clients, int seconds) {
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
                    String item = newItem(library);
                    long t0 = System.nanoTime();
                    int status = checkout(library, member, item, failures);
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
                    if (giveBack(returnAt, item, failures)) {
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
        print(result);
        printDatabaseActivity(name, databaseBefore, databaseActivity(), okCheckouts.sum());
        return result;
    }

    /** Per database: commits, rows written (inserted + updated + deleted), rows read (fetched + returned). */
    private Map<String, long[]> databaseActivity() {
        Map<String, long[]> activity = new TreeMap<>();
        for (String database : federation.postgres().databases()) {
            try (java.sql.Connection db = federation.postgres().connect(database);
                 java.sql.Statement statement = db.createStatement()) {
                try (java.sql.ResultSet row = statement.executeQuery("select xact_commit, tup_inserted + tup_updated"
                        + " + tup_deleted, tup_fetched + tup_returned from pg_stat_database"
                        + " where datname = current_database()")) {
                    row.next();
                    activity.put(database, new long[] {row.getLong(1), row.getLong(2), row.getLong(3)});
                }
            } catch (java.sql.SQLException e) {
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

    /** pgbench TPC-B-like on a fresh database of the federation's own PostgreSQL server. */
    private Optional<Double> pgbench() {
        Optional<Path> binary = findPgbench();
        if (binary.isEmpty()) {
            log("pgbench: no binary found (looked beside the embedded server and in /usr/lib/postgresql/*/bin, PATH)");
            return Optional.empty();
        }
        LocalPostgres postgres = federation.postgres();
        String database = "pgbench_tpcb";
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            log("pgbench: could not create database %s: %s", database, e.getMessage());
            return Optional.empty();
        }
        log("pgbench: %s against the federation's PostgreSQL on 127.0.0.1:%d, database %s", binary.get(),
                postgres.port(), database);
        List<String> connection = List.of("-h", "127.0.0.1", "-p", Integer.toString(postgres.port()),
                "-U", LocalPostgres.USER);
        List<String> init = new ArrayList<>(List.of(binary.get().toString(), "-i", "-q", "-s",
                Integer.toString(config.pgbenchScale())));
        init.addAll(connection);
        init.add(database);
        if (runPgbench(init, Duration.ofSeconds(300)) == null) {
            return Optional.empty();
        }
        List<String> load = new ArrayList<>(List.of(binary.get().toString(), "-c",
                Integer.toString(config.pgbenchClients()), "-j", Integer.toString(config.pgbenchThreads()), "-T",
                Integer.toString(config.pgbenchSeconds())));
        load.addAll(connection);
        load.add(database);
        String output = runPgbench(load, Duration.ofSeconds(config.pgbenchSeconds() + 120L));
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

    /** Runs pgbench to its end (bounded), echoing its output; null when it failed. */
    private static String runPgbench(List<String> command, Duration timeout) {
        log("$ %s", String.join(" ", command));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", LocalPostgres.PASSWORD);
            Process process = builder.start();
            process.getOutputStream().close();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append("(output unreadable: ").append(e).append(')');
                }
            }, "pgbench-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                log("pgbench: did not finish within %s", timeout);
                return null;
            }
            reader.join(5_000);
            String text = output.toString();
            text.lines().forEach(line -> System.out.println("    " + line));
            if (process.exitValue() != 0) {
                log("pgbench: exited with %d", process.exitValue());
                return null;
            }
            return text;
        } catch (IOException e) {
            log("pgbench: could not run: %s", e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The embedded server's own bin directory when it ships pgbench, else the system's PostgreSQL 15 (or any
     * /usr/lib/postgresql version), else {@code pgbench} on the PATH.
     */
    private Optional<Path> findPgbench() {
        String dataDir = config.workDir().toAbsolutePath().normalize().resolve("postgres").toString();
        Optional<Path> embedded = ProcessHandle.allProcesses()
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(dataDir)).orElse(false))
                .map(handle -> handle.info().command().orElse(""))
                .filter(command -> command.endsWith("/postgres"))
                .map(command -> Path.of(command).resolveSibling("pgbench"))
                .filter(Files::isExecutable)
                .findFirst();
        if (embedded.isPresent()) {
            return embedded;
        }
        log("pgbench: the embedded PostgreSQL's bin directory has none; trying the system's");
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/lib/postgresql/15/bin/pgbench")));
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(java.util.Comparator.reverseOrder())
                    .forEach(version -> candidates.add(version.resolve("bin/pgbench")));
        } catch (IOException e) {
            // no system PostgreSQL
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "pgbench"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    // ----------------------------------------------------------------------------------- suspension propagation

    /**
     * 대출정지정책공유, measured: for each prepared member, a loan at 111001 (Seoul) made overdue, returned late there,
     * then checkouts tried at 141001 (Gyeonggi) every 2 ms until one is refused MEMBER_SUSPENDED (a probe that is still
     * lent is returned at once). Latency: from sending the late return (its commit suspends the member in Seoul) to
     * the refused checkout in Gyeonggi. {@code bench.suspensionWorkers} members at a time (default 4).
     */
    private int suspensionPropagation() {
        int workers = Integer.getInteger("bench.suspensionWorkers", 4);
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

    private long propagation(String member, Map<String, Integer> failures) throws java.sql.SQLException {
        String item = newItem(HOME_LIBRARY);
        if (checkout(HOME_LIBRARY, member, item, failures) != 201) {
            return -1;
        }
        try (Connection connection = federation.postgres().connect(LocalPostgres.regionDatabase("seoul"));
             java.sql.PreparedStatement overdue = connection.prepareStatement(
                     "update loan set due_on = current_date - 2 where item_barcode = ? and returned_at is null")) {
            overdue.setString(1, item);
            overdue.executeUpdate();
        }
        long start = System.nanoTime();
        if (!giveBack(HOME_LIBRARY, item, failures)) {
            return -1;
        }
        long deadline = start + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String probe = newItem(OTHER_REGION_LIBRARY);
            HttpResponse<String> answer = send("POST", regionUrl(OTHER_REGION_LIBRARY) + "/api/v1/libraries/"
                    + OTHER_REGION_LIBRARY + "/checkouts", "{\"memberNumber\":\"" + member + "\",\"itemBarcode\":\""
                    + probe + "\"}", failures);
            if (answer != null && answer.statusCode() == 409 && answer.body().contains("MEMBER_SUSPENDED")) {
                return System.nanoTime() - start;
            }
            if (answer != null && answer.statusCode() == 201) {
                giveBack(OTHER_REGION_LIBRARY, probe, failures);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        failures.merge("not refused within 10 s", 1, Integer::sum);
        return -1;
    }

    // --------------------------------------------------------------------------------------------------- report

    private void report(PhaseResult fixed, List<PhaseResult> peaks, Optional<Double> tps) {
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
            out.append(String.format("pgbench      TPC-B-like, scale %d, %d clients, %d threads, %d s: %.1f tps%n",
                    config.pgbenchScale(), config.pgbenchClients(), config.pgbenchThreads(), config.pgbenchSeconds(),
                    tps.get()));
        } else {
            out.append("pgbench      not measured (see above)").append(nl);
        }
        if (best != null && tps.isPresent() && tps.get() > 0) {
            double ratio = best.checkoutsPerSecond() / tps.get();
            out.append(String.format("ratio        peak checkouts/s / pgbench tps = %.1f / %.1f = %.3f (goal >= 0.3): %s%n",
                    best.checkoutsPerSecond(), tps.get(), ratio, ratio >= 0.3 ? "MET" : "NOT MET"));
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

    static String latencySummary(long[] sortedNanos) {
        if (sortedNanos.length == 0) {
            return "(no successful checkout)";
        }
        return String.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)",
                percentileMillis(sortedNanos, 50), percentileMillis(sortedNanos, 95),
                percentileMillis(sortedNanos, 99), sortedNanos[sortedNanos.length - 1] / 1e6, sortedNanos.length);
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double percentileMillis(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        return percentile(sortedNanos, percentile) / 1e6;
    }

    // ---------------------------------------------------------------------------------------------------- HTTP

    private int checkout(String library, String member, String item, Map<String, Integer> failures) {
        HttpResponse<String> response = send("POST", regionUrl(library) + "/api/v1/libraries/" + library
                + "/checkouts", "{\"memberNumber\":\"" + member + "\",\"itemBarcode\":\"" + item + "\"}", failures);
        if (response == null) {
            return -1;
        }
        if (response.statusCode() != 201) {
            failures.merge("checkout " + response.statusCode() + codeOf(response.body()), 1, Integer::sum);
        }
        return response.statusCode();
    }

    private boolean giveBack(String library, String item, Map<String, Integer> failures) {
        HttpResponse<String> response = send("POST", regionUrl(library) + "/api/v1/libraries/" + library
                + "/returns", "{\"itemBarcode\":\"" + item + "\"}", failures);
        if (response != null && response.statusCode() != 200) {
            // 202: accepted but kept until the hub can route it (the loan stays active meanwhile): not a success.
            failures.merge("return " + response.statusCode() + codeOf(response.body()), 1, Integer::sum);
        }
        return response != null && response.statusCode() == 200;
    }

    private HttpResponse<String> send(String method, String url, String json, Map<String, Integer> failures) {
        URI uri = URI.create(url);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + federation.tokenFor(method, uri))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (failures != null) {
                failures.merge(method + " " + e.getClass().getSimpleName(), 1, Integer::sum);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String codeOf(String body) {
        Matcher code = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"").matcher(body == null ? "" : body);
        return code.find() ? " " + code.group(1) : "";
    }

    private String regionUrl(String library) {
        return federation.regionOfLibrary(library).baseUrl();
    }

    private static String otherRegion(String library) {
        return library.equals(HOME_LIBRARY) ? OTHER_REGION_LIBRARY : HOME_LIBRARY;
    }

    /** A barcode never used before in this run: {@code $} + library + "BM" + 10 digits. */
    private String newItem(String library) {
        return "$" + library + "BM" + String.format("%010d", itemSerial.incrementAndGet());
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
