package org.chaekieum.deploy.bench;

import static org.chaekieum.deploy.bench.Bench.abbreviate;
import static org.chaekieum.deploy.bench.Bench.codeOf;
import static org.chaekieum.deploy.bench.Bench.daemon;
import static org.chaekieum.deploy.bench.Bench.log;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.FederationLayout;
import org.chaekieum.deploy.LocalTrust;

/**
 * The local federation that {@link CirculationBenchmark} and {@link SuspensionBenchmark} drive over REST: PostgreSQL,
 * Kafka, the packaged hub and two regional centers, Seoul (111001, 111002) and Gyeonggi (141001, 141002), on free ports
 * of this machine; library caps set, members enrolled at {@value #HOME_LIBRARY} and imported at
 * {@value #OTHER_REGION_LIBRARY}; then checkouts and returns with each caller's token.
 */
final class TwoRegions {

    static final String HOME_LIBRARY = "111001";
    static final String OTHER_REGION_LIBRARY = "141001";
    private static final Pattern MEMBER_NUMBER = Pattern.compile("\"memberNumber\"\\s*:\\s*\"(\\d{14})\"");
    private static final Pattern NORMAL = Pattern.compile("\"status\"\\s*:\\s*\"NORMAL\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** What both benchmarks set alike, from system properties. */
    record Settings(int members, int libraryCap, Path workDir, List<String> serviceJvmOptions) {

        static Settings fromSystemProperties(FederationLayout layout, int defaultMembers) {
            String jvm = System.getProperty("bench.serviceJvmOptions",
                    "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"); // see ServiceProcess.DEFAULT_JVM_OPTIONS
            return new Settings(
                    Integer.getInteger("bench.members", defaultMembers),
                    Integer.getInteger("bench.libraryCap", 20),
                    Path.of(System.getProperty("bench.workDir", layout.deployTarget().resolve("bench").toString())),
                    List.of(jvm.trim().split("\\s+")));
        }
    }

    private final Federation federation;
    private final Settings settings;
    private final HttpClient http;
    private final AtomicLong itemSerial = new AtomicLong();
    private final List<String> members = new ArrayList<>();

    private TwoRegions(Federation federation, Settings settings) {
        this.federation = federation;
        this.settings = settings;
        this.http = LocalTrust.httpClient()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newFixedThreadPool(4, daemon("bench-http")))
                .build();
    }

    /**
     * Starts the federation, prepares the members, runs {@code benchmark} and stops the federation; then ends the JVM
     * with the benchmark's exit status (1 when anything threw).
     */
    static void run(FederationLayout layout, Settings settings, ToIntFunction<TwoRegions> benchmark) {
        Federation.Settings federationSettings = Bench.twoRegions(settings.workDir(), settings.serviceJvmOptions(), Map.of(), Duration.ofSeconds(120));
        log("starting a federation in %s (services: %s; national cap kept by %s)", settings.workDir().toAbsolutePath(),
                String.join(" ", settings.serviceJvmOptions()), Bench.nationalCapBy());
        int exit;
        try (Federation federation = Federation.start(layout, federationSettings)) {
            TwoRegions regions = new TwoRegions(federation, settings);
            regions.prepare();
            exit = benchmark.applyAsInt(regions);
        } catch (RuntimeException e) {
            System.err.println("[bench] failed: " + e.getMessage());
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    Federation federation() {
        return federation;
    }

    /** The member numbers prepared (enrolled and imported), possibly fewer than asked for. */
    List<String> members() {
        return members;
    }

    // ---------------------------------------------------------------------------------------------- preparation

    private void prepare() {
        long t0 = System.nanoTime();
        for (String library : List.of("111001", "111002", "141001", "141002")) {
            String body = "{\"loanCap\":" + settings.libraryCap() + ",\"loanPeriodDays\":14,\"renewalLimit\":1,"
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
        for (int i = 0; i < settings.members(); i++) {
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
                settings.members(), HOME_LIBRARY, OTHER_REGION_LIBRARY, (System.nanoTime() - t0) / 1e9,
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
                return settled(memberNumber);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        return "import HTTP " + last;
    }

    /**
     * The member number once the member is NORMAL at both libraries: an enrollment or import made while the hub was
     * slow to answer is PROVISIONAL until the hub confirms it (seconds), and measuring circulation meanwhile would
     * measure refusals. Bounded: 120 x 250 ms.
     */
    private String settled(String memberNumber) {
        for (int attempt = 0; attempt < 120; attempt++) {
            boolean normal = true;
            for (String library : List.of(HOME_LIBRARY, OTHER_REGION_LIBRARY)) {
                HttpResponse<String> member = send("GET", regionUrl(library) + "/api/v1/libraries/" + library
                        + "/members/" + memberNumber, null, null);
                normal &= member != null && member.statusCode() == 200 && NORMAL.matcher(member.body()).find();
            }
            if (normal) {
                return memberNumber;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        return "not NORMAL at both libraries after 30 s";
    }

    // ---------------------------------------------------------------------------------------------------- HTTP

    /** Lends {@code item} to {@code member} at {@code library}; the HTTP status (-1 without an answer). */
    int checkout(String library, String member, String item, Map<String, Integer> failures) {
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

    /** Returns {@code item} at {@code library}; true when the loan ended there and then (200). */
    boolean giveBack(String library, String item, Map<String, Integer> failures) {
        HttpResponse<String> response = send("POST", regionUrl(library) + "/api/v1/libraries/" + library
                + "/returns", "{\"itemBarcode\":\"" + item + "\"}", failures);
        if (response != null && response.statusCode() != 200) {
            // 202: accepted but kept until the hub can route it (the loan stays active meanwhile): not a success.
            failures.merge("return " + response.statusCode() + codeOf(response.body()), 1, Integer::sum);
        }
        return response != null && response.statusCode() == 200;
    }

    /** One JSON request with the caller's token; null without an answer (an I/O failure is counted if asked). */
    HttpResponse<String> send(String method, String url, String json, Map<String, Integer> failures) {
        URI uri = URI.create(url);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + federation.tokenFor(method, uri))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
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

    String regionUrl(String library) {
        return federation.regionOfLibrary(library).baseUrl();
    }

    static String otherRegion(String library) {
        return library.equals(HOME_LIBRARY) ? OTHER_REGION_LIBRARY : HOME_LIBRARY;
    }

    /** A barcode never used before in this run: {@code $} + library + "BM" + 10 digits. */
    String newItem(String library) {
        return "$" + library + "BM" + String.format("%010d", itemSerial.incrementAndGet());
    }
}
