package org.chaekieum.deploy.bench;

import static org.chaekieum.deploy.bench.Bench.abbreviate;
import static org.chaekieum.deploy.bench.Bench.codeOf;
import static org.chaekieum.deploy.bench.Bench.daemon;
import static org.chaekieum.deploy.bench.Bench.log;
import static org.chaekieum.deploy.bench.Bench.percentile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.FederationLayout;
import org.chaekieum.deploy.KeycloakServer;
import org.chaekieum.deploy.LocalTrust;
import org.chaekieum.deploy.ServiceProcess;
import org.chaekieum.deploy.Sip2Gateway;

/**
 * Kiosk round trips through the SIP2 gateway next to the same operations straight over REST, in one run against one
 * local federation (PostgreSQL, Kafka, Keycloak, the hub, two regional centers and the SIP2 gateway, on free ports):
 *
 * <ol>
 *   <li>prepares {@code bench.membersPerClient} members per client (default 4, taken in turn: a member who borrows
 *       and returns a dozen times a second outruns the hub's view of the returns and meets the national cap),
 *       enrolled at 111001, with a generous loan cap at 111001, and checks that each can borrow and return over
 *       REST;</li>
 *   <li>opens one persistent SIP2 connection per client, each a kiosk account of its own ({@code kiosk-bench-<n>} for
 *       111001, UTF-8), logged in once;</li>
 *   <li>warm-up ({@code bench.warmupSeconds}, not counted): REST and SIP2 in turn with the most clients;</li>
 *   <li>for each client count of {@code bench.clientLevels} (default 1 and {@code bench.clients}), closed loop:
 *       {@code bench.rounds} rounds of a REST phase and a SIP2 phase of {@code bench.phaseSeconds} each, in the
 *       order REST SIP2, SIP2 REST, ... so that a drift of the machine weighs on both paths alike. A round trip is a
 *       checkout then a checkin of a fresh item ({@code $111001EM} + 10 digits) by one of the client's own members:
 *       SIP2 11 then 09 on the kiosk connection, or {@code POST /checkouts} then {@code POST /returns} with the demo
 *       library system's token and an Idempotency-Key (as the gateway sends one on each write);</li>
 *   <li>prints, per client count and path: round trips/s, p50/p99/max of the round trip and of each operation; the
 *       gateway's overhead (differences and ratios SIP2/REST; goal p99 overhead under 5 ms); the CPU time each
 *       process spent per round trip (from /proc, the gateway's next to the regional center's); and the server-side
 *       means from the services' own metrics.</li>
 * </ol>
 *
 * <p>All traffic stays on 127.0.0.1; every loop is bounded in time; the federation is stopped at the end, also on
 * failure. Started by {@code ./bench-kiosk.sh}; settings are {@code -Dbench.*} system properties (see {@link Config}).
 */
public final class KioskBenchmark {

    static final String LIBRARY = "111001";
    static final String REGION = "seoul";
    private static final Pattern MEMBER_NUMBER = Pattern.compile("\"memberNumber\"\\s*:\\s*\"(\\d{14})\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SIP2_TIMEOUT = Duration.ofSeconds(15);
    private static final List<String> PATHS = List.of("REST", "SIP2");
    private static final List<String> PATHS_REVERSED = List.of("SIP2", "REST");

    /** Settings, from system properties. */
    record Config(int clients, List<Integer> levels, int membersPerClient, int warmupSeconds, int phaseSeconds,
                  int rounds, int libraryCap, double goalMillis, Path workDir, List<String> serviceJvmOptions) {

        static Config fromSystemProperties(FederationLayout layout) {
            int clients = Integer.getInteger("bench.clients", 8);
            List<Integer> levels = new ArrayList<>();
            for (String level : System.getProperty("bench.clientLevels", "1," + clients).split(",")) {
                if (!level.isBlank() && !levels.contains(Integer.parseInt(level.trim()))) {
                    levels.add(Integer.parseInt(level.trim()));
                }
            }
            if (levels.isEmpty() || levels.stream().anyMatch(level -> level < 1 || level > 100)) {
                throw new IllegalArgumentException("bench.clientLevels: 1 to 100 clients each: " + levels);
            }
            String jvm = System.getProperty("bench.serviceJvmOptions",
                    "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"); // as ./bench-circulation.sh
            return new Config(
                    levels.stream().mapToInt(Integer::intValue).max().orElse(clients),
                    List.copyOf(levels),
                    Integer.getInteger("bench.membersPerClient", 4),
                    Integer.getInteger("bench.warmupSeconds", 20),
                    Integer.getInteger("bench.phaseSeconds", 5),
                    Integer.getInteger("bench.rounds", 4),
                    Integer.getInteger("bench.libraryCap", 100),
                    Double.parseDouble(System.getProperty("bench.goalMillis", "5")),
                    Path.of(System.getProperty("bench.workDir",
                            layout.deployTarget().resolve("bench-kiosk").toString())),
                    List.of(jvm.trim().split("\\s+")));
        }
    }

    /** One client's way to the regional center: straight REST, or a kiosk connection through the gateway. */
    interface Desk {
        /** Null when the item was lent, else what went wrong. */
        String checkout(String member, String item);

        /** Null when the item was returned, else what went wrong. */
        String checkin(String item);
    }

    /** What one phase measured (latencies in nanoseconds, unsorted). */
    record Phase(String path, int clients, long nanos, long roundTrips, long[] roundTrip, long[] checkout,
                 long[] checkin, Map<String, Integer> failures, Map<String, Long> cpuNanos,
                 Map<String, double[]> metrics, Map<String, long[]> threads) {
    }

    private final Federation federation;
    private final Config config;
    private final HttpClient http;
    private final AtomicLong itemSerial = new AtomicLong(System.currentTimeMillis() % 1_000_000L * 1_000L);
    private final List<String> members = new ArrayList<>();
    private final List<KioskClient> kiosks = new ArrayList<>();
    private final CpuMeter cpu;
    private final MetricsProbe metrics;
    private final ThreadMeter threadMeter;
    private volatile String restToken;

    private KioskBenchmark(Federation federation, Config config) {
        this.federation = federation;
        this.config = config;
        // Keep-alive HTTP/1.1, one connection per concurrent client, as a library system's client would hold.
        HttpClient.Builder builder = LocalTrust.httpClient()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2));
        if (!"pool".equals(System.getProperty("bench.restExecutor", "direct"))) {
            // The answer is completed on the client's selector thread instead of being handed to a pool thread
            // first: one thread hand-off less per request (HTTP/1.1, bodies read as String: nothing there blocks).
            builder.executor(Runnable::run);
        }
        this.http = builder.build();
        this.cpu = new CpuMeter(federation, config.workDir());
        this.metrics = new MetricsProbe(federation);
        this.threadMeter = new ThreadMeter(cpu);
    }

    public static void main(String[] args) {
        FederationLayout layout = FederationLayout.detect();
        Config config = Config.fromSystemProperties(layout);
        List<Federation.Kiosk> kiosks = new ArrayList<>(Federation.Kiosk.DEFAULTS);
        for (int i = 1; i <= config.clients(); i++) {
            kiosks.add(Federation.Kiosk.of(kioskLogin(i), LIBRARY, "UTF-8", "ko"));
        }
        Federation.Settings settings = Bench.twoRegions(config.workDir(), config.serviceJvmOptions(), Map.of(), Duration.ofSeconds(120))
                .withKiosks(kiosks);
        log("starting a federation in %s (services: %s; %d bench kiosks)", config.workDir().toAbsolutePath(),
                String.join(" ", config.serviceJvmOptions()), config.clients());
        long t0 = System.nanoTime();
        int exit;
        try (Federation federation = Federation.start(layout, settings)) {
            log("federation ready in %.1f s", (System.nanoTime() - t0) / 1e9);
            KioskBenchmark benchmark = new KioskBenchmark(federation, config);
            try {
                exit = benchmark.run();
            } finally {
                benchmark.kiosks.forEach(KioskClient::close);
            }
        } catch (RuntimeException e) {
            System.err.println("[bench] failed: " + e);
            e.printStackTrace();
            exit = 1;
        }
        log("done in %.1f s (federation stopped)", (System.nanoTime() - t0) / 1e9);
        System.exit(exit);
    }

    static String kioskLogin(int n) {
        return "kiosk-bench-" + n;
    }

    private int run() {
        prepare();
        if (members.size() < config.clients() * config.membersPerClient()) {
            log("only %d of %d members could be prepared: stopping", members.size(),
                    config.clients() * config.membersPerClient());
            return 3;
        }
        openKiosks();
        String loadAtStart = loadAverage();
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.warmupSeconds());
        int slice = Math.max(1, config.warmupSeconds() / 4);
        for (int i = 0; System.nanoTime() < warmupEnd && i < 8; i++) {
            Phase warm = phase("warm-up " + PATHS.get(i % 2), PATHS.get(i % 2), config.clients(),
                    (int) Math.max(1, Math.min(slice, TimeUnit.NANOSECONDS.toSeconds(warmupEnd - System.nanoTime()))));
            printPhase(warm);
        }
        Map<Integer, Map<String, List<Phase>>> results = new LinkedHashMap<>();
        for (int clients : config.levels()) {
            Map<String, List<Phase>> byPath = new LinkedHashMap<>();
            PATHS.forEach(path -> byPath.put(path, new ArrayList<>()));
            for (int round = 0; round < config.rounds(); round++) {
                List<String> order = round % 2 == 0 ? PATHS : PATHS_REVERSED;
                for (String path : order) {
                    Phase phase = phase(path + " " + clients + "c round " + (round + 1), path, clients,
                            config.phaseSeconds());
                    printPhase(phase);
                    byPath.get(path).add(phase);
                }
            }
            results.put(clients, byPath);
        }
        report(results, loadAtStart); // prints whether the goal is met; the exit status says whether anything ran
        reportGatewayLog();
        boolean anyRoundTrip = results.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
                .allMatch(phase -> phase.roundTrips() > 0);
        return anyRoundTrip ? 0 : 3; // a goal not met is reported, not an error
    }

    // ---------------------------------------------------------------------------------------------- preparation

    private void prepare() {
        long t0 = System.nanoTime();
        String body = "{\"loanCap\":" + config.libraryCap() + ",\"loanPeriodDays\":14,\"renewalLimit\":1,"
                + "\"renewalDays\":7,\"multiChildLoanCap\":null}";
        HttpResponse<String> policy = send("PUT", regionUrl() + "/api/v1/operator/libraries/" + LIBRARY + "/policy",
                body, null, null);
        if (policy == null || policy.statusCode() != 200) {
            log("policy of %s: HTTP %s %s", LIBRARY, policy == null ? "-" : policy.statusCode(),
                    policy == null ? "" : abbreviate(policy.body()));
        }
        Map<String, Integer> problems = new TreeMap<>();
        int wanted = config.clients() * config.membersPerClient();
        restToken = federation.keycloak().token(KeycloakServer.libraryClient(REGION));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, wanted), daemon("bench-prepare"));
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            int index = i;
            outcomes.add(pool.submit(() -> prepareMember(index)));
        }
        for (Future<String> future : outcomes) {
            String outcome;
            try {
                outcome = future.get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                outcome = e.toString();
            }
            if (outcome.matches("\\d{14}")) {
                members.add(outcome);
            } else {
                problems.merge(outcome, 1, Integer::sum);
            }
        }
        pool.shutdownNow();
        log("prepared %d of %d members at %s (%d per client, taken in turn, so that no member borrows faster than the "
                        + "hub sees the returns; loan cap %d), each checked with a REST round trip, in %.1f s%s",
                members.size(), wanted, LIBRARY, config.membersPerClient(), config.libraryCap(),
                (System.nanoTime() - t0) / 1e9, problems.isEmpty() ? "" : "; problems: " + problems);
    }

    /** Enrolls a member at 111001 and checks that a REST checkout and return succeed; returns the number or why not. */
    private String prepareMember(int index) {
        String enrollment = "{\"name\":\"김키오스크\",\"birthDate\":\"1988-05-21\",\"phone\":"
                + String.format("\"010-%04d-%04d\"", 8000 + index / 10_000, index % 10_000)
                + ",\"address\":\"서울특별시 중구 세종대로 110\",\"identityKey\":\"CI-KIOSK-BENCH-" + UUID.randomUUID()
                + "\",\"category\":\"FULL\",\"consents\":{\"personalData\":true,\"thirdPartyTransfer\":true}}";
        HttpResponse<String> enrolled = send("POST", regionUrl() + "/api/v1/libraries/" + LIBRARY + "/members",
                enrollment, null, null);
        if (enrolled == null || enrolled.statusCode() != 201) {
            return "enrollment HTTP " + (enrolled == null ? "-" : enrolled.statusCode());
        }
        Matcher number = MEMBER_NUMBER.matcher(enrolled.body());
        if (!number.find()) {
            return "enrollment without memberNumber";
        }
        String member = number.group(1);
        Desk rest = new RestDesk();
        String last = null;
        for (int attempt = 0; attempt < 40; attempt++) { // bounded: 40 x 250 ms
            String item = newItem();
            last = rest.checkout(member, item);
            if (last == null) {
                last = rest.checkin(item);
                if (last == null) {
                    return member;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        return "first round trip: " + last;
    }

    private void openKiosks() {
        Sip2Gateway gateway = federation.gateway();
        for (int i = 1; i <= config.clients(); i++) {
            String login = kioskLogin(i);
            try {
                kiosks.add(KioskClient.open(gateway.sip2Port(), login, gateway.password(login), SIP2_TIMEOUT));
            } catch (IOException e) {
                throw new IllegalStateException("kiosk " + login + " could not connect: " + e.getMessage(), e);
            }
        }
        log("%d kiosk connections open and logged in (%s .. %s) to the gateway on 127.0.0.1:%d", kiosks.size(),
                kioskLogin(1), kioskLogin(config.clients()), gateway.sip2Port());
    }

    // ------------------------------------------------------------------------------------------------- a phase

    /**
     * {@code clients} threads, each with its own member and desk, doing checkout + checkin round trips until the time
     * is up (closed loop); the first {@code clients} members and kiosk connections are used.
     */
    private Phase phase(String name, String path, int clients, int seconds) {
        restToken = federation.keycloak().token(KeycloakServer.libraryClient(REGION)); // valid >= 60 s from here
        List<Desk> desks = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            desks.add("REST".equals(path) ? new RestDesk() : new KioskDesk(c));
        }
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients, daemon("bench-" + path.toLowerCase(Locale.ROOT)));
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Future<long[][]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Desk desk = desks.get(c);
            List<String> own = members.subList(c * config.membersPerClient(), (c + 1) * config.membersPerClient());
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return loop(desk, own, deadline[0], failures);
            }));
        }
        try {
            ready.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, double[]> metricsBefore = metrics.sample();
        Map<String, long[]> threadsBefore = threadMeter.sample();
        Map<String, Long> cpuBefore = cpu.sample();
        long start = System.nanoTime();
        deadline[0] = start + TimeUnit.SECONDS.toNanos(seconds);
        go.countDown();
        List<long[][]> perClient = new ArrayList<>();
        for (Future<long[][]> future : futures) {
            try {
                perClient.add(future.get(seconds + 60L, TimeUnit.SECONDS));
            } catch (Exception e) {
                failures.merge("client: " + e, 1, Integer::sum);
            }
        }
        long elapsed = System.nanoTime() - start;
        Map<String, Long> cpuAfter = cpu.sample();
        Map<String, long[]> threadsAfter = threadMeter.sample();
        Map<String, double[]> metricsAfter = metrics.sample();
        pool.shutdownNow();
        long[] roundTrip = concat(perClient, 0);
        return new Phase(name, clients, elapsed, roundTrip.length, roundTrip, concat(perClient, 1),
                concat(perClient, 2), new TreeMap<>(failures), CpuMeter.delta(cpuBefore, cpuAfter),
                MetricsProbe.delta(metricsBefore, metricsAfter), ThreadMeter.delta(threadsBefore, threadsAfter));
    }

    /**
     * One client's closed loop, its members in turn; returns its latencies of successful round trips:
     * {round trip, checkout, checkin}.
     */
    private long[][] loop(Desk desk, List<String> own, long deadline, Map<String, Integer> failures) {
        long[][] samples = new long[3][4096];
        int n = 0;
        for (int i = 0; i < 1_000_000 && System.nanoTime() < deadline; i++) {
            String member = own.get(i % own.size());
            String item = newItem();
            long t0 = System.nanoTime();
            String refused = desk.checkout(member, item);
            long t1 = System.nanoTime();
            if (refused != null) {
                failures.merge(refused, 1, Integer::sum);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // no hot loop of failures
                continue;
            }
            refused = desk.checkin(item);
            long t2 = System.nanoTime();
            if (refused != null) {
                failures.merge(refused, 1, Integer::sum);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                continue;
            }
            if (n == samples[0].length) {
                for (int k = 0; k < 3; k++) {
                    samples[k] = Arrays.copyOf(samples[k], n * 2);
                }
            }
            samples[0][n] = t2 - t0;
            samples[1][n] = t1 - t0;
            samples[2][n] = t2 - t1;
            n++;
        }
        return new long[][] {Arrays.copyOf(samples[0], n), Arrays.copyOf(samples[1], n), Arrays.copyOf(samples[2], n)};
    }

    private static long[] concat(List<long[][]> perClient, int kind) {
        return perClient.stream().flatMapToLong(samples -> Arrays.stream(samples[kind])).toArray();
    }

    /** Straight REST, as a library system calls the regional center. */
    private final class RestDesk implements Desk {
        private final String base = regionUrl() + "/api/v1/libraries/" + LIBRARY;

        @Override
        public String checkout(String member, String item) {
            HttpResponse<String> response = send("POST", base + "/checkouts", "{\"memberNumber\":\"" + member
                    + "\",\"itemBarcode\":\"" + item + "\"}", restToken, idempotencyKey());
            return response == null ? "REST checkout: no answer" : response.statusCode() == 201 ? null
                    : "REST checkout HTTP " + response.statusCode() + codeOf(response.body());
        }

        @Override
        public String checkin(String item) {
            HttpResponse<String> response = send("POST", base + "/returns", "{\"itemBarcode\":\"" + item + "\"}",
                    restToken, idempotencyKey());
            return response == null ? "REST return: no answer" : response.statusCode() == 200 ? null
                    : "REST return HTTP " + response.statusCode() + codeOf(response.body());
        }

        /** As long as the gateway's ({@code sip2-} + 40 hex digits). */
        private String idempotencyKey() {
            return "rest-" + UUID.randomUUID().toString().replace("-", "") + "00000000";
        }
    }

    /** A kiosk's persistent connection through the SIP2 gateway (reconnects once it was lost). */
    private final class KioskDesk implements Desk {
        private final int index;

        KioskDesk(int index) {
            this.index = index;
        }

        @Override
        public String checkout(String member, String item) {
            String answer = exchange(Sip2Gateway.checkoutMessage(LIBRARY, member, item));
            return answer == null ? "SIP2 checkout: connection lost" : answer.startsWith("121") ? null
                    : "SIP2 checkout " + answer.substring(0, Math.min(3, answer.length())) + screenMessage(answer);
        }

        @Override
        public String checkin(String item) {
            String now = Sip2Gateway.sip2Date(LocalDateTime.now());
            String answer = exchange("09N" + now + now + "AP1|AO" + LIBRARY + "|AB" + item + "|");
            return answer == null ? "SIP2 checkin: connection lost" : answer.startsWith("101") ? null
                    : "SIP2 checkin " + answer.substring(0, Math.min(3, answer.length())) + screenMessage(answer);
        }

        private String exchange(String message) {
            try {
                return kiosks.get(index).exchange(message);
            } catch (IOException e) {
                reconnect();
                return null;
            }
        }

        private void reconnect() {
            KioskClient lost = kiosks.get(index);
            lost.close();
            Sip2Gateway gateway = federation.gateway();
            try {
                kiosks.set(index, KioskClient.open(gateway.sip2Port(), lost.login(), gateway.password(lost.login()),
                        SIP2_TIMEOUT));
            } catch (IOException e) {
                log("kiosk %s could not reconnect: %s", lost.login(), e.getMessage());
            }
        }

        private static String screenMessage(String answer) {
            int at = answer.indexOf("|AF");
            if (at < 0) {
                return "";
            }
            int end = answer.indexOf('|', at + 3);
            return " (" + answer.substring(at + 3, end < 0 ? answer.length() : end) + ")";
        }
    }

    // --------------------------------------------------------------------------------------------------- report

    private static void printPhase(Phase phase) {
        long[] roundTrip = sorted(phase.roundTrip());
        log("%-22s %7.1f round trips/s (%d in %.1f s); round trip p50 %.2f ms, p99 %.2f ms, max %.2f ms%s",
                phase.path(), phase.roundTrips() / (phase.nanos() / 1e9), phase.roundTrips(), phase.nanos() / 1e9,
                millis(percentile(roundTrip, 50)), millis(percentile(roundTrip, 99)), millis(max(roundTrip)),
                phase.failures().isEmpty() ? "" : "; failures: " + phase.failures());
    }

    /** Prints the comparison; true when the p99 overhead goal is met at every client count. */
    private boolean report(Map<Integer, Map<String, List<Phase>>> results, String loadAtStart) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder(nl);
        out.append(String.format("=== kiosk benchmark: SIP2 gateway vs straight REST; one machine, %d cores; load "
                        + "average %s at the start, %s at the end ===%n", Runtime.getRuntime().availableProcessors(),
                loadAtStart, loadAverage()));
        out.append(String.format("round trip = checkout + checkin of a fresh item at %s by one of the client's own %d "
                        + "members (SIP2 11 + 09 on a kiosk's persistent connection | REST POST checkouts + POST returns, "
                        + "keep-alive, Idempotency-Key);%n", LIBRARY, config.membersPerClient()));
        out.append(String.format("closed loop; per client count %d x %d s per path in the order %s; %d s warm-up "
                        + "not counted; services: %s%n", config.rounds(), config.phaseSeconds(), phaseOrder(),
                config.warmupSeconds(), String.join(" ", config.serviceJvmOptions())));
        boolean allMet = true;
        List<String> verdicts = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, List<Phase>>> level : results.entrySet()) {
            int clients = level.getKey();
            Map<String, Aggregate> byPath = new LinkedHashMap<>();
            level.getValue().forEach((path, phases) -> byPath.put(path, Aggregate.of(phases)));
            Aggregate rest = byPath.get("REST");
            Aggregate sip2 = byPath.get("SIP2");
            out.append(nl).append(clients == 1 ? "1 client (sequential)" : clients + " clients (closed loop)")
                    .append(nl);
            out.append(String.format("  %-5s %13s %7s   %-34s %-34s %-34s %s%n", "path", "round trips/s", "n",
                    "round trip p50/p99/max (mean) ms", "checkout p50/p99/max (mean) ms",
                    "checkin p50/p99/max (mean) ms", "failures"));
            for (Map.Entry<String, Aggregate> entry : byPath.entrySet()) {
                Aggregate a = entry.getValue();
                out.append(String.format("  %-5s %13.1f %7d   %-34s %-34s %-34s %s%n", entry.getKey(),
                        a.perSecond(), a.roundTrip().length, triple(a.roundTrip()), triple(a.checkout()),
                        triple(a.checkin()), a.failures().isEmpty() ? "0" : a.failures()));
            }
            double p50Over = millis(percentile(sip2.roundTrip(), 50)) - millis(percentile(rest.roundTrip(), 50));
            double p99Over = millis(percentile(sip2.roundTrip(), 99)) - millis(percentile(rest.roundTrip(), 99));
            out.append(String.format("  gateway overhead, round trip: p50 %+.2f ms (SIP2/REST %.2f), p99 %+.2f ms "
                            + "(SIP2/REST %.2f), mean %+.2f ms; round trips/s SIP2/REST %.2f%n", p50Over,
                    ratio(sip2.roundTrip(), rest.roundTrip(), 50), p99Over,
                    ratio(sip2.roundTrip(), rest.roundTrip(), 99), mean(sip2.roundTrip()) - mean(rest.roundTrip()),
                    sip2.perSecond() / rest.perSecond()));
            out.append(String.format("  gateway overhead, per operation: checkout p50 %+.2f ms, p99 %+.2f ms "
                            + "(SIP2/REST %.2f); checkin p50 %+.2f ms, p99 %+.2f ms (SIP2/REST %.2f)%n",
                    difference(sip2.checkout(), rest.checkout(), 50), difference(sip2.checkout(), rest.checkout(), 99),
                    ratio(sip2.checkout(), rest.checkout(), 99), difference(sip2.checkin(), rest.checkin(), 50),
                    difference(sip2.checkin(), rest.checkin(), 99), ratio(sip2.checkin(), rest.checkin(), 99)));
            out.append(perRound(level.getValue()));
            boolean met = sip2.roundTrip().length > 0 && rest.roundTrip().length > 0 && sip2.failures().isEmpty()
                    && p99Over < config.goalMillis();
            allMet &= met;
            verdicts.add((clients == 1 ? "1 client " : clients + " clients ") + (met ? "MET" : "NOT MET"));
            out.append(String.format("  goal: round trip p99 overhead < %.0f ms without failures: %s (%+.2f ms)%n",
                    config.goalMillis(), met ? "MET" : "NOT MET", p99Over));
            out.append(cpuTable(rest, sip2));
            out.append(serverSide(rest, sip2));
            out.append(whereTheTimeGoes(rest, sip2));
            out.append(threadTable(rest, sip2));
        }
        out.append(nl).append(String.format("overall: round trip p99 overhead goal (< %.0f ms): %s%n",
                config.goalMillis(), String.join(", ", verdicts)));
        System.out.print(out);
        return allMet;
    }

    /** The overhead of each round on its own (a REST and a SIP2 phase side by side): how far noise moves it. */
    private static String perRound(Map<String, List<Phase>> byPath) {
        List<Phase> rest = byPath.get("REST");
        List<Phase> sip2 = byPath.get("SIP2");
        List<String> p50 = new ArrayList<>();
        List<String> p99 = new ArrayList<>();
        for (int round = 0; round < Math.min(rest.size(), sip2.size()); round++) {
            long[] r = sorted(rest.get(round).roundTrip());
            long[] g = sorted(sip2.get(round).roundTrip());
            p50.add(String.format("%+.1f", difference(g, r, 50)));
            p99.add(String.format("%+.1f", difference(g, r, 99)));
        }
        return String.format("  the same per round (SIP2 - REST, round trip, ms): p50 %s; p99 %s%n",
                String.join(" ", p50), String.join(" ", p99));
    }

    private String phaseOrder() {
        List<String> order = new ArrayList<>();
        for (int round = 0; round < config.rounds(); round++) {
            order.addAll(round % 2 == 0 ? PATHS : PATHS_REVERSED);
        }
        return String.join(" ", order);
    }

    /** CPU milliseconds per round trip of each process, in the REST phases and in the SIP2 phases. */
    private static String cpuTable(Aggregate rest, Aggregate sip2) {
        StringBuilder out = new StringBuilder(String.format("  CPU ms per round trip (from /proc)   %8s %8s%n",
                "REST", "SIP2"));
        for (String process : sip2.cpuNanos().keySet()) {
            out.append(String.format("    %-33s %8.3f %8.3f%n", process, rest.cpuPerRoundTrip(process),
                    sip2.cpuPerRoundTrip(process)));
        }
        out.append(String.format("    %-33s %8.0f %8.0f%n", "machine busy, % of all cores", rest.busyPercent(),
                sip2.busyPercent()));
        return out.toString();
    }

    /**
     * The gateway's and the regional center's threads, grouped by name: CPU ms and context switches (a thread that
     * blocks or is preempted; each hand-off between threads costs at least one) per round trip.
     */
    private static String threadTable(Aggregate rest, Aggregate sip2) {
        StringBuilder out = new StringBuilder(String.format("  threads, per round trip (/proc/<pid>/task)        "
                + "CPU ms REST  SIP2   switches REST   SIP2%n"));
        Set<String> keys = new TreeSet<>(rest.threads().keySet());
        keys.addAll(sip2.threads().keySet());
        for (String key : keys) {
            long[] r = rest.threads().getOrDefault(key, new long[2]);
            long[] g = sip2.threads().getOrDefault(key, new long[2]);
            double nr = Math.max(1, rest.roundTrip().length);
            double ng = Math.max(1, sip2.roundTrip().length);
            if (r[0] / 1e6 / nr < 0.005 && g[0] / 1e6 / ng < 0.005 && r[1] / nr < 0.05 && g[1] / ng < 0.05) {
                continue;
            }
            out.append(String.format("    %-46s %8.3f %7.3f %12.1f %7.1f%n", key, r[0] / 1e6 / nr, g[0] / 1e6 / ng,
                    r[1] / nr, g[1] / ng));
        }
        return out.toString();
    }

    /**
     * Where a message's time goes beyond the regional center's own handling, in means per operation: for SIP2, the
     * kiosk's wait minus the gateway's handling (socket, event loop and worker hand-offs), the gateway's handling minus
     * its call to the region (parsing, answer, screen text), and its call minus the region's own time (the gateway's
     * REST client, token filter, fault tolerance, loopback); for REST, the client's wait minus the region's own time.
     */
    private static String whereTheTimeGoes(Aggregate rest, Aggregate sip2) {
        StringBuilder out = new StringBuilder();
        String[][] operations = {{"checkout", "11", "checkouts"}, {"checkin", "09", "returns"}};
        for (String[] op : operations) {
            long[] kiosk = "checkout".equals(op[0]) ? sip2.checkout() : sip2.checkin();
            long[] client = "checkout".equals(op[0]) ? rest.checkout() : rest.checkin();
            double message = sip2.mean("gateway: message " + op[1] + " (parse to answer)");
            double call = sip2.mean("gateway: its call to the region, " + op[0]);
            double regionSip2 = sip2.mean("region: POST " + op[2] + " (any caller)");
            double regionRest = rest.mean("region: POST " + op[2] + " (any caller)");
            double viaGateway = mean(kiosk) - regionSip2;
            double direct = mean(client) - regionRest;
            out.append(String.format("  %-8s beyond the region's own time, mean ms: SIP2 %.2f = kiosk socket and "
                            + "hand-offs %.2f + gateway handling %.2f + gateway's REST call %.2f; REST client %.2f; "
                            + "difference %+.2f%n", op[0], viaGateway, mean(kiosk) - message, message - call,
                    call - regionSip2, direct, viaGateway - direct));
        }
        return out.toString();
    }

    /** The services' own view, from their metrics: mean time per operation, GC. */
    private static String serverSide(Aggregate rest, Aggregate sip2) {
        StringBuilder out = new StringBuilder("  server side, mean ms per call (services' metrics)   REST     SIP2"
                + System.lineSeparator());
        for (String key : MetricsProbe.TIMERS.keySet()) {
            out.append(String.format("    %-49s %8s %8s%n", key, rest.meanMillis(key), sip2.meanMillis(key)));
        }
        for (String key : MetricsProbe.GC.keySet()) {
            out.append(String.format("    %-49s %8s %8s%n", key + " (pauses, total ms)", rest.gc(key), sip2.gc(key)));
        }
        return out.toString();
    }

    /** The gateway's warnings and errors during the run (e.g. a region call that timed out). */
    private void reportGatewayLog() {
        Path log = federation.gateway().logFile();
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            Map<String, Long> counts = lines.filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                    .map(line -> line.replaceAll("^\\S+ ", "").replaceAll("\\d+", "#"))
                    .map(line -> line.length() > 160 ? line.substring(0, 160) : line)
                    .collect(Collectors.groupingBy(line -> line, TreeMap::new, Collectors.counting()));
            log("gateway log %s: %s", log, counts.isEmpty() ? "no WARN or ERROR" : counts.size()
                    + " kinds of WARN/ERROR lines:");
            counts.forEach((line, count) -> System.out.printf("    %5d x %s%n", count, line));
        } catch (IOException | UncheckedIOException e) {
            log("gateway log %s unreadable: %s", log, e.getMessage());
        }
    }

    /** The phases of one path at one client count, together. */
    record Aggregate(long nanos, long[] roundTrip, long[] checkout, long[] checkin, Map<String, Integer> failures,
                     Map<String, Long> cpuNanos, Map<String, double[]> metrics, Map<String, long[]> threads) {

        static Aggregate of(List<Phase> phases) {
            long nanos = 0;
            Map<String, Integer> failures = new TreeMap<>();
            Map<String, Long> cpu = new LinkedHashMap<>();
            Map<String, double[]> metrics = new LinkedHashMap<>();
            Map<String, long[]> threads = new TreeMap<>();
            for (Phase phase : phases) {
                phase.threads().forEach((key, value) -> threads.merge(key, value.clone(),
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
                nanos += phase.nanos();
                phase.failures().forEach((kind, count) -> failures.merge(kind, count, Integer::sum));
                phase.cpuNanos().forEach((process, value) -> cpu.merge(process, value, Long::sum));
                phase.metrics().forEach((key, value) -> metrics.merge(key, value.clone(),
                        (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]}));
            }
            return new Aggregate(nanos, sorted(phases.stream().map(Phase::roundTrip)),
                    sorted(phases.stream().map(Phase::checkout)), sorted(phases.stream().map(Phase::checkin)),
                    failures, cpu, metrics, threads);
        }

        double perSecond() {
            return nanos == 0 ? 0 : roundTrip.length / (nanos / 1e9);
        }

        double cpuPerRoundTrip(String process) {
            Long value = cpuNanos.get(process);
            return value == null || roundTrip.length == 0 ? Double.NaN : value / 1e6 / roundTrip.length;
        }

        double busyPercent() {
            Long busy = cpuNanos.get(CpuMeter.MACHINE);
            return busy == null || nanos == 0 ? Double.NaN
                    : 100.0 * busy / (nanos * (double) Runtime.getRuntime().availableProcessors());
        }

        /** Mean of a timer in milliseconds, NaN without calls. */
        double mean(String key) {
            double[] value = metrics.get(key);
            return value == null || value[0] < 1 ? Double.NaN : value[1] / value[0] * 1000;
        }

        String meanMillis(String key) {
            double[] value = metrics.get(key);
            return value == null || value[0] < 1 ? "-" : String.format("%.2f", value[1] / value[0] * 1000);
        }

        String gc(String key) {
            double[] value = metrics.get(key);
            return value == null ? "-" : String.format("%.0f, %.0f", value[0], value[1] * 1000);
        }
    }

    private static String triple(long[] sorted) {
        return sorted.length == 0 ? "-" : String.format("%.2f / %.2f / %.2f (%.2f)", millis(percentile(sorted, 50)),
                millis(percentile(sorted, 99)), millis(max(sorted)), Arrays.stream(sorted).average().orElse(0) / 1e6);
    }

    private static double difference(long[] sip2, long[] rest, double p) {
        return millis(percentile(sip2, p)) - millis(percentile(rest, p));
    }

    private static double ratio(long[] sip2, long[] rest, double p) {
        return (double) percentile(sip2, p) / percentile(rest, p);
    }

    private static double mean(long[] nanos) {
        return nanos.length == 0 ? Double.NaN : Arrays.stream(nanos).average().orElse(0) / 1e6;
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static long[] sorted(Stream<long[]> parts) {
        long[] all = parts.flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    private static long max(long[] sorted) {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    private static double millis(long nanos) {
        return nanos < 0 ? Double.NaN : nanos / 1e6;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------------------------------------------- HTTP

    private HttpResponse<String> send(String method, String url, String json, String token, String idempotencyKey) {
        URI uri = URI.create(url);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + (token != null ? token : federation.tokenFor(method, uri)))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String regionUrl() {
        return federation.regionOfLibrary(LIBRARY).baseUrl();
    }

    /** A barcode never used before in this run: {@code $111001EM} + 10 digits. */
    private String newItem() {
        return "$" + LIBRARY + "EM" + String.format("%010d", itemSerial.incrementAndGet());
    }


    // ------------------------------------------------------------------------------------------- CPU and metrics

    /**
     * CPU time (user + system, from /proc via {@link ProcessHandle.Info#totalCpuDuration}) of each process of the
     * federation, its children included (PostgreSQL's backends, Keycloak under its launcher), of this JVM, and of the
     * whole machine (/proc/stat), so that what is not ours (another build on the machine) shows too.
     */
    static final class CpuMeter {
        static final String MACHINE = "machine (all processes)";
        static final String BENCH = "benchmark clients (this JVM)";
        private final Map<String, Supplier<List<ProcessHandle>>> processes = new LinkedHashMap<>();

        CpuMeter(Federation federation, Path workDir) {
            processes.put("sip2-gateway", child(federation.gateway().process()));
            processes.put("regional-center-" + REGION, child(federation.region(REGION)));
            processes.put("national-hub", child(federation.hub()));
            federation.services().stream().filter(service -> service.name().startsWith("regional-center-")
                            && !service.name().endsWith("-" + REGION))
                    .forEach(service -> processes.put(service.name(), child(service)));
            processes.put("postgresql (all backends)", postgres(workDir));
            processes.put("kafka", childMatching("kafka.Kafka"));
            processes.put("keycloak", childMatching("keycloak"));
            processes.put(BENCH, () -> List.of(ProcessHandle.current()));
        }

        private static Supplier<List<ProcessHandle>> child(ServiceProcess service) {
            String port = "-Dquarkus.http.port=" + service.port();
            return () -> ProcessHandle.current().children()
                    .filter(handle -> handle.info().commandLine().map(line -> (line + " ").contains(port + " "))
                            .orElse(false))
                    .flatMap(handle -> Stream.concat(Stream.of(handle), handle.descendants()))
                    .toList();
        }

        private static Supplier<List<ProcessHandle>> childMatching(String text) {
            return () -> ProcessHandle.current().children()
                    .filter(handle -> handle.info().commandLine().map(line -> line.contains(text)).orElse(false))
                    .flatMap(handle -> Stream.concat(Stream.of(handle), handle.descendants()))
                    .toList();
        }

        private static Supplier<List<ProcessHandle>> postgres(Path workDir) {
            String dataDir = " -D " + workDir.toAbsolutePath().normalize().resolve("postgres");
            return () -> ProcessHandle.allProcesses()
                    .filter(handle -> handle.info().commandLine().map(line -> (line + " ").contains(dataDir + " "))
                            .orElse(false))
                    .flatMap(handle -> Stream.concat(Stream.of(handle), handle.descendants()))
                    .collect(Collectors.toMap(ProcessHandle::pid, handle -> handle, (a, b) -> a))
                    .values().stream().toList();
        }

        List<ProcessHandle> handles(String process) {
            Supplier<List<ProcessHandle>> handles = processes.get(process);
            return handles == null ? List.of() : handles.get();
        }

        /** Nanoseconds of CPU per process name (a process's pid is kept with its value, so a new backend counts from 0). */
        Map<String, Long> sample() {
            Map<String, Long> values = new LinkedHashMap<>();
            processes.forEach((name, handles) -> {
                for (ProcessHandle handle : handles.get()) {
                    handle.info().totalCpuDuration().ifPresent(cpu ->
                            values.put(name + "#" + handle.pid(), cpu.toNanos()));
                }
            });
            values.put(MACHINE, machineBusyNanos());
            return values;
        }

        /** Per process name: CPU spent between two samples (processes that ended in between are not counted). */
        static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
            Map<String, Long> spent = new LinkedHashMap<>();
            long ours = 0;
            for (Map.Entry<String, Long> entry : after.entrySet()) {
                if (entry.getKey().equals(MACHINE)) {
                    continue;
                }
                String name = entry.getKey().substring(0, entry.getKey().lastIndexOf('#'));
                long value = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
                spent.merge(name, value, Long::sum);
                ours += value;
            }
            long machine = after.get(MACHINE) - before.get(MACHINE);
            spent.put("not ours (other processes, kernel)", machine - ours);
            spent.put(MACHINE, machine);
            return spent;
        }

        /** Busy time of all cores from /proc/stat (USER_HZ = 100), in nanoseconds. */
        private static long machineBusyNanos() {
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < cpu.length && i <= 8; i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(cpu[i]);
                    }
                }
                return busy * 10_000_000L;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /**
     * Per thread of the gateway and of the regional center (from /proc/&lt;pid&gt;/task): CPU (utime + stime) and
     * context switches (voluntary + involuntary), summed per thread name without its number
     * ({@code sip2-worker-12} -> {@code sip2-worker}).
     */
    static final class ThreadMeter {
        private final CpuMeter cpu;

        ThreadMeter(CpuMeter cpu) {
            this.cpu = cpu;
        }

        /** "process / thread group#tid" -> {cpu nanos, switches}. */
        Map<String, long[]> sample() {
            Map<String, long[]> values = new LinkedHashMap<>();
            for (String process : List.of("sip2-gateway", "regional-center-" + REGION, CpuMeter.BENCH)) {
                for (ProcessHandle handle : cpu.handles(process)) {
                    Path tasks = Path.of("/proc", Long.toString(handle.pid()), "task");
                    try (Stream<Path> threads = Files.list(tasks)) {
                        for (Path task : threads.toList()) {
                            long[] value = thread(task);
                            if (value != null) {
                                values.put(process + " / " + group(Files.readString(task.resolve("comm")).trim())
                                        + "#" + task.getFileName(), value);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        // the process or a thread ended meanwhile
                    }
                }
            }
            return values;
        }

        private static long[] thread(Path task) {
            try {
                String stat = Files.readString(task.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
                long switches = 0;
                for (String line : Files.readAllLines(task.resolve("status"))) {
                    if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                        switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                return new long[] {ticks * 10_000_000L, switches};
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static String group(String comm) {
            String name = comm.replaceAll("[-#_ ]*\\d+$", "");
            if (name.startsWith("vert.x-eventloo")) {
                return "vert.x-eventloop";
            }
            if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                return name.substring(0, 2) + " compiler";
            }
            return name;
        }

        static Map<String, long[]> delta(Map<String, long[]> before, Map<String, long[]> after) {
            Map<String, long[]> spent = new TreeMap<>();
            after.forEach((key, value) -> {
                long[] start = before.getOrDefault(key, new long[2]);
                spent.merge(key.substring(0, key.lastIndexOf('#')), new long[] {value[0] - start[0],
                        value[1] - start[1]}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            });
            return spent;
        }
    }

    /** Counters of the gateway's and the regional center's Prometheus metrics ({@code /q/metrics}). */
    static final class MetricsProbe {
        /** Timer name -> {service, metric, label filters}. */
        static final Map<String, String[]> TIMERS = new LinkedHashMap<>();
        static final Map<String, String[]> GC = new LinkedHashMap<>();

        static {
            TIMERS.put("region: POST checkouts (any caller)", new String[] {"region",
                    "http_server_requests_seconds", "method=\"POST\"", "/checkouts\""});
            TIMERS.put("region: POST returns (any caller)", new String[] {"region",
                    "http_server_requests_seconds", "method=\"POST\"", "/returns\""});
            TIMERS.put("gateway: message 11 (parse to answer)", new String[] {"gateway",
                    "chaekieum_sip2_messages_seconds", "command=\"11\""});
            TIMERS.put("gateway: message 09 (parse to answer)", new String[] {"gateway",
                    "chaekieum_sip2_messages_seconds", "command=\"09\""});
            TIMERS.put("gateway: its call to the region, checkout", new String[] {"gateway",
                    "chaekieum_sip2_region_calls_seconds", "operation=\"checkout\""});
            TIMERS.put("gateway: its call to the region, checkin", new String[] {"gateway",
                    "chaekieum_sip2_region_calls_seconds", "operation=\"checkin\""});
            GC.put("gateway GC", new String[] {"gateway", "jvm_gc_pause_seconds"});
            GC.put("region GC", new String[] {"region", "jvm_gc_pause_seconds"});
        }

        private final Map<String, String> urls = new LinkedHashMap<>();
        private final HttpClient http = LocalTrust.httpClient().connectTimeout(Duration.ofSeconds(2)).build();

        MetricsProbe(Federation federation) {
            urls.put("gateway", federation.gateway().baseUrl() + "/q/metrics");
            urls.put("region", federation.region(REGION).baseUrl() + "/q/metrics");
        }

        /** Key -> {count, sum in seconds}. */
        Map<String, double[]> sample() {
            Map<String, String> texts = new LinkedHashMap<>();
            urls.forEach((service, url) -> texts.put(service, fetch(url)));
            Map<String, double[]> values = new LinkedHashMap<>();
            Map<String, String[]> all = new LinkedHashMap<>(TIMERS);
            all.putAll(GC);
            all.forEach((key, spec) -> {
                String text = texts.get(spec[0]);
                if (text != null) {
                    List<String> filters = Arrays.asList(spec).subList(2, spec.length);
                    values.put(key, new double[] {sum(text, spec[1] + "_count", filters),
                            sum(text, spec[1] + "_sum", filters)});
                }
            });
            return values;
        }

        static Map<String, double[]> delta(Map<String, double[]> before, Map<String, double[]> after) {
            Map<String, double[]> spent = new LinkedHashMap<>();
            after.forEach((key, value) -> {
                double[] start = before.get(key);
                if (start != null) {
                    spent.put(key, new double[] {value[0] - start[0], value[1] - start[1]});
                }
            });
            return spent;
        }

        private String fetch(String url) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? response.body() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Sum of the values of the series {@code name{...}} whose labels contain every filter. */
        static double sum(String text, String name, List<String> filters) {
            double total = 0;
            for (String line : text.split("\n")) {
                if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String series = line.substring(0, space);
                if (filters.stream().allMatch(series::contains)) {
                    try {
                        total += Double.parseDouble(line.substring(space + 1));
                    } catch (NumberFormatException e) {
                        // not a number (NaN is parsed; anything else skipped)
                    }
                }
            }
            return total;
        }
    }
}
