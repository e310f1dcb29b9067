package org.chaekieum.deploy.bench;

import static org.chaekieum.deploy.bench.Bench.abbreviate;
import static org.chaekieum.deploy.bench.Bench.latencySummary;
import static org.chaekieum.deploy.bench.Bench.log;
import static org.chaekieum.deploy.bench.Bench.percentileMillis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.FederationLayout;
import org.chaekieum.deploy.KeycloakServer;
import org.chaekieum.deploy.LocalPostgres;
import org.chaekieum.deploy.LocalTrust;

/**
 * The national dashboard's JSON feed ({@code /dashboard/api/...}) with a year of daily statistics for 2,000 libraries
 * (issue 15: "the overview answers in under 200 ms"), in one run against one local federation (PostgreSQL, Kafka,
 * Keycloak, the hub, two regional centers, on free ports):
 *
 * <ol>
 *   <li>starts the hub with its figures caches off ({@code chaekieum.dashboard.figures-cache=0s} and
 *       {@code daily-series-cache=0s}), so that every request computes its overview from the database: the benchmark
 *       measures uncached answers, the worst case (in production a scope is computed at most once a second, and the
 *       90 days before today once per 5 minutes);</li>
 *   <li>loads {@code bench.days} (365) days of daily figures for {@code bench.libraries} (2,000) libraries in
 *       {@code bench.regions} (17) regions straight into {@code statistics.library_day} (one SQL statement,
 *       {@code generate_series}, in day order as the consumer writes them) and their sums into
 *       {@code statistics.region_day}, then {@code VACUUM ANALYZE}s both (as autovacuum would have);</li>
 *   <li>for each view (the national overview, the region {@code seoul}, the library 111001), one at a time:
 *       {@code bench.warmup} requests (not counted), then {@code bench.requests} sequential requests with a
 *       national monitor's bearer token, each timed from sending to the whole body read;</li>
 *   <li>the same count of requests to the hub's {@code /q/health/live} (the floor of an HTTP round trip to that
 *       JVM) and pgbench select-only with one client ({@code -S -c 1 -T bench.pgbench.seconds} on a fresh database
 *       of the same server): the hardware baseline, in this run;</li>
 *   <li>prints p50/p95/p99/max per view, the goal ({@code bench.goalMillis}, 200 ms, for the p99 of each view),
 *       pass or fail, and each view's p50 in pgbench select-only transactions.</li>
 * </ol>
 *
 * <p>The hub's ledger is empty here: the overview's 48-hour series (LedgerFigureQueries) counts no loan, so what is
 * measured is the daily statistics at full size and the rest of the overview at its smallest. Every loop is bounded;
 * all traffic stays on 127.0.0.1; the federation is stopped at the end, also on failure. Started by
 * {@code ./bench-dashboard.sh}; settings are {@code -Dbench.*} system properties (see {@link Config}).
 */
public final class DashboardBenchmark {

    static final String REGION = "seoul";
    static final String LIBRARY = "111001";
    private static final Pattern TPS = Pattern.compile("tps = ([0-9]+(?:\\.[0-9]+)?)");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The regions of the loaded figures, in the order of their two digits in a library code (11 to 27): seoul is 11
     * and gyeonggi 14, as in the federation this benchmark starts.
     */
    static final List<String> REGIONS = List.of("seoul", "busan", "daegu", "gyeonggi", "incheon", "gwangju",
            "daejeon", "ulsan", "sejong", "gangwon", "chungbuk", "chungnam", "jeonbuk", "jeonnam", "gyeongbuk",
            "gyeongnam", "jeju");

    /** Settings, from system properties. */
    record Config(int libraries, int regions, int days, int warmup, int requests, double goalMillis,
                  int pgbenchSeconds, Path workDir, List<String> serviceJvmOptions) {

        static Config fromSystemProperties(FederationLayout layout) {
            String jvm = System.getProperty("bench.serviceJvmOptions",
                    "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"); // as ./bench-circulation.sh
            Config config = new Config(
                    Integer.getInteger("bench.libraries", 2_000),
                    Integer.getInteger("bench.regions", REGIONS.size()),
                    Integer.getInteger("bench.days", 365),
                    Integer.getInteger("bench.warmup", 50),
                    Integer.getInteger("bench.requests", 200),
                    Double.parseDouble(System.getProperty("bench.goalMillis", "200")),
                    Integer.getInteger("bench.pgbench.seconds", 10),
                    Path.of(System.getProperty("bench.workDir",
                            layout.deployTarget().resolve("bench-dashboard").toString())),
                    List.of(jvm.trim().split("\\s+")));
            if (config.regions() < 1 || config.regions() > REGIONS.size()) {
                throw new IllegalArgumentException("bench.regions: 1 to " + REGIONS.size());
            }
            if (config.libraries() < config.regions() || librarySerial(config.libraries() - 1, config.regions()) > 999) {
                throw new IllegalArgumentException("bench.libraries: at least one per region, at most 999 per region");
            }
            return config;
        }
    }

    /** One view's timings (nanoseconds, sorted) and the size of its last answer. */
    record Result(String name, long[] sortedNanos, int failures, int bytes) {
    }

    private final Federation federation;
    private final Config config;
    private final HttpClient http = LocalTrust.httpClient()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private DashboardBenchmark(Federation federation, Config config) {
        this.federation = federation;
        this.config = config;
    }

    public static void main(String[] args) {
        FederationLayout layout = FederationLayout.detect();
        Config config = Config.fromSystemProperties(layout);
        Federation.Settings settings = Bench.twoRegions(config.workDir(), config.serviceJvmOptions(),
                Map.of("chaekieum.dashboard.figures-cache", "0s", "chaekieum.dashboard.daily-series-cache", "0s"),
                Duration.ofSeconds(180));
        log("starting a federation in %s (services: %s; the hub's dashboard caches off)",
                config.workDir().toAbsolutePath(), String.join(" ", config.serviceJvmOptions()));
        long t0 = System.nanoTime();
        int exit;
        try (Federation federation = Federation.start(layout, settings)) {
            log("federation ready in %.1f s", (System.nanoTime() - t0) / 1e9);
            exit = new DashboardBenchmark(federation, config).run();
        } catch (RuntimeException e) {
            System.err.println("[bench] failed: " + e);
            e.printStackTrace();
            exit = 1;
        }
        log("done in %.1f s (federation stopped)", (System.nanoTime() - t0) / 1e9);
        System.exit(exit);
    }

    private int run() {
        try {
            load();
        } catch (SQLException e) {
            log("could not load the daily statistics: %s", e.getMessage());
            return 3;
        }
        String hub = federation.hub().baseUrl();
        String token = federation.keycloak().token(KeycloakServer.MONITOR_CLIENT);
        Map<String, String> views = new LinkedHashMap<>();
        views.put("national overview", hub + "/dashboard/api/national");
        views.put("region " + REGION, hub + "/dashboard/api/regions/" + REGION);
        views.put("library " + LIBRARY, hub + "/dashboard/api/libraries/" + LIBRARY);
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, String> view : views.entrySet()) {
            results.add(measure(view.getKey(), view.getValue(), token));
        }
        Result floor = measure("hub /q/health/live (HTTP floor)", hub + "/q/health/live", null);
        Optional<Double> tps = pgbenchSelectOnly();
        return report(results, floor, tps);
    }

    // ------------------------------------------------------------------------------------------------------ load

    /** The two digits of a library's region in its code: 11 for the first region, 12 for the second, ... */
    static int regionDigits(int library, int regions) {
        return 11 + library % regions;
    }

    /** The library's serial within its region (1-based): libraries are dealt to the regions in turn. */
    static int librarySerial(int library, int regions) {
        return library / regions + 1;
    }

    /** The code of the library numbered {@code library} (0-based): type 1, its region's two digits, its serial. */
    static String libraryCode(int library, int regions) {
        return String.format("1%02d%03d", regionDigits(library, regions), librarySerial(library, regions));
    }

    /**
     * The statement that loads {@code days} days (the last one today, a Korean day) of {@code libraries} libraries
     * dealt in turn to the first {@code regions} of {@link #REGIONS}, with the codes of {@link #libraryCode}.
     */
    static String libraryDays(int days, int libraries, int regions) {
        String regionNames = "(array['" + String.join("','", REGIONS.subList(0, regions)) + "'])";
        return """
                        insert into statistics.library_day (day, library_code, region, checkouts, degraded_checkouts,
                            returns, returns_elsewhere, renewals, enrollments, imports, suspensions, refused_national_cap,
                            refused_library_cap, refused_suspended, refused_cap_unverifiable, refused_other, borrowers)
                        select d.day, l.code, l.region,
                            20 + (l.n * 7 + d.k * 13) %% 60, (l.n + d.k) %% 97 / 96, 18 + (l.n * 5 + d.k * 11) %% 55,
                            (l.n + d.k * 3) %% 9, (l.n * 3 + d.k) %% 12, (l.n + d.k * 7) %% 6, (l.n + d.k) %% 3,
                            (l.n * 11 + d.k) %% 29 / 27, (l.n + d.k * 5) %% 4 / 3, (l.n * 3 + d.k * 2) %% 5 / 4,
                            (l.n + d.k) %% 7 / 6, (l.n * 13 + d.k) %% 211 / 210, (l.n + d.k) %% 11 / 10,
                            15 + (l.n * 7 + d.k * 13) %% 45
                        from (select k, (now() at time zone 'Asia/Seoul')::date - k as day
                              from generate_series(%d, 0, -1) k) d
                        cross join (select n, %s[n %% %d + 1] as region,
                                           '1' || (11 + n %% %d) || lpad((n / %d + 1)::text, 3, '0') as code
                                    from generate_series(0, %d) n) l
                        order by d.day, l.code
                        """.formatted(days - 1, regionNames, regions, regions, regions, libraries - 1);
    }

    private void load() throws SQLException {
        long t0 = System.nanoTime();
        try (Connection connection = federation.postgres().connect(LocalPostgres.HUB_DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute("truncate statistics.library_day, statistics.region_day");
            // Korean days, today included, as the statistics consumer keys them. Figures vary by library and day
            // (deterministic), every library has a row every day: the most rows a year can hold.
            int rows = statement.executeUpdate(libraryDays(config.days(), config.libraries(), config.regions()));
            int regionRows = statement.executeUpdate("""
                    insert into statistics.region_day (day, region, checkouts, degraded_checkouts, returns,
                        returns_elsewhere, renewals, enrollments, imports, suspensions, refused_national_cap,
                        refused_library_cap, refused_suspended, refused_cap_unverifiable, refused_other, borrowers)
                    select day, region, sum(checkouts), sum(degraded_checkouts), sum(returns), sum(returns_elsewhere),
                        sum(renewals), sum(enrollments), sum(imports), sum(suspensions), sum(refused_national_cap),
                        sum(refused_library_cap), sum(refused_suspended), sum(refused_cap_unverifiable),
                        sum(refused_other), sum(borrowers)
                    from statistics.library_day group by day, region order by day, region
                    """);
            long loaded = System.nanoTime();
            statement.execute("vacuum analyze statistics.library_day");
            statement.execute("vacuum analyze statistics.region_day");
            String size;
            try (ResultSet rs = statement.executeQuery("select pg_size_pretty(pg_total_relation_size("
                    + "'statistics.library_day') + pg_total_relation_size('statistics.region_day'))")) {
                rs.next();
                size = rs.getString(1);
            }
            log("loaded %,d library-days (%d libraries x %d days, %d regions) and %,d region-days in %.1f s, "
                            + "vacuum analyze %.1f s; %s with the indexes", rows, config.libraries(), config.days(),
                    config.regions(), regionRows, (loaded - t0) / 1e9, (System.nanoTime() - loaded) / 1e9, size);
        }
    }

    // --------------------------------------------------------------------------------------------------- measure

    /** Warm-up then timed sequential GETs of one URL; a failed request is counted, not timed. */
    private Result measure(String name, String url, String token) {
        int failures = 0;
        int bytes = 0;
        long[] timings = new long[config.requests()];
        int timed = 0;
        for (int i = 0; i < config.warmup() + config.requests(); i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                    .header("Accept", "application/json").GET();
            if (token != null) {
                // the same token as long as Keycloak's client keeps it (240 s): taking it is not timed
                request.header("Authorization", "Bearer " + federation.keycloak().token(KeycloakServer.MONITOR_CLIENT));
            }
            HttpRequest built = request.build();
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - start;
                if (response.statusCode() != 200) {
                    failures++;
                    if (failures <= 3) {
                        log("%s: %d %s", name, response.statusCode(), abbreviate(response.body()));
                    }
                } else if (i >= config.warmup()) {
                    timings[timed++] = took;
                    bytes = response.body().length();
                }
            } catch (IOException e) {
                failures++;
                log("%s: %s", name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long[] sorted = Arrays.copyOf(timings, timed);
        Arrays.sort(sorted);
        log("%-32s %s; %d failed; answer %,d characters", name, latencySummary(sorted), failures, bytes);
        return new Result(name, sorted, failures, bytes);
    }

    /** pgbench select-only, one client, on a fresh database of the same server: TPS, or empty when it could not run. */
    private Optional<Double> pgbenchSelectOnly() {
        Optional<Path> binary = Pgbench.binary(config.workDir());
        LocalPostgres postgres = federation.postgres();
        String database = "pgbench_select";
        if (binary.isEmpty() || !Pgbench.freshDatabase(postgres, database)) {
            return Optional.empty();
        }
        List<String> connection = List.of("-h", "127.0.0.1", "-p", Integer.toString(postgres.port()),
                "-U", LocalPostgres.USER, database);
        List<String> init = new ArrayList<>(List.of(binary.get().toString(), "-i", "-q", "-s", "10"));
        init.addAll(connection);
        if (Pgbench.run(postgres, init, Duration.ofSeconds(300)) == null) {
            return Optional.empty();
        }
        List<String> load = new ArrayList<>(List.of(binary.get().toString(), "-S", "-c", "1", "-j", "1", "-T",
                Integer.toString(config.pgbenchSeconds())));
        load.addAll(connection);
        String output = Pgbench.run(postgres, load, Duration.ofSeconds(config.pgbenchSeconds() + 120L));
        Matcher tps = TPS.matcher(output == null ? "" : output);
        return tps.find() ? Optional.of(Double.parseDouble(tps.group(1))) : Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------------- report

    /** Whether every answer came back and the p99 of each is under the goal. */
    static boolean meets(long[] sortedNanos, int failures, double goalMillis) {
        return failures == 0 && sortedNanos.length > 0 && percentileMillis(sortedNanos, 99) < goalMillis;
    }

    private int report(List<Result> results, Result floor, Optional<Double> tps) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder(nl).append("==== dashboard benchmark: ").append(config.libraries())
                .append(" libraries x ").append(config.days()).append(" days in ").append(config.regions())
                .append(" regions; uncached answers (figures-cache=0s, daily-series-cache=0s); ")
                .append(config.requests()).append(" sequential requests per view after ").append(config.warmup())
                .append(" not counted ====").append(nl);
        out.append(String.format("%-32s %9s %9s %9s %9s  %s%n", "view", "p50 ms", "p95 ms", "p99 ms", "max ms",
                "p99 < " + fmt(config.goalMillis()) + " ms"));
        boolean all = true;
        for (Result result : results) {
            boolean ok = meets(result.sortedNanos(), result.failures(), config.goalMillis());
            all &= ok;
            out.append(row(result, ok ? "PASS" : "FAIL" + (result.failures() > 0 ? " (" + result.failures()
                    + " failed)" : "")));
        }
        out.append(row(floor, "(baseline)"));
        if (tps.isPresent()) {
            double selectMillis = 1_000.0 / tps.get();
            out.append(String.format("pgbench select-only, 1 client: %.0f TPS (%.3f ms a transaction)%n", tps.get(),
                    selectMillis));
            for (Result result : results) {
                out.append(String.format("  %-32s p50 = %.0f select-only transactions%n", result.name(),
                        percentileMillis(result.sortedNanos(), 50) / selectMillis));
            }
        } else {
            out.append("pgbench select-only: not measured").append(nl);
        }
        out.append("goal (issue 15): the overview answers in under ").append(fmt(config.goalMillis()))
                .append(" ms: ").append(all ? "MET" : "NOT MET").append(" (p99 of each view)").append(nl);
        System.out.print(out);
        return all ? 0 : 2;
    }

    private static String row(Result result, String verdict) {
        long[] s = result.sortedNanos();
        return String.format("%-32s %9.1f %9.1f %9.1f %9.1f  %s%n", result.name().length() > 32
                        ? result.name().substring(0, 32) : result.name(), percentileMillis(s, 50),
                percentileMillis(s, 95), percentileMillis(s, 99), s.length == 0 ? Double.NaN : s[s.length - 1] / 1e6,
                verdict);
    }

    private static String fmt(double millis) {
        return millis == Math.rint(millis) ? Long.toString((long) millis) : Double.toString(millis);
    }
}
