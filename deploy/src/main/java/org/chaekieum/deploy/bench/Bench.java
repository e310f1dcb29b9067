package org.chaekieum.deploy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.LocalFederation;
import org.chaekieum.deploy.Ports;

/**
 * What the benchmarks share: their log line, daemon client threads, short bodies and error codes, and the percentile
 * maths.
 */
final class Bench {

    /**
     * The regions' settings in a benchmark: preparing members is a script, not a desk (hundreds of imports a minute,
     * each tried again every 250 ms until the hub knows the member, then read until confirmed at both regions), so
     * neither the import limit nor the member-lookup limit holds it back.
     */
    static final Map<String, String> REGION_PROPERTIES = Map.of("chaekieum.rate-limit.\"import\".capacity", "1000000",
            "chaekieum.rate-limit.\"member-lookup\".capacity", "1000000",
            "chaekieum.circulation.national-cap-by", nationalCapBy());

    /**
     * How the regions keep the national cap in this run: RIGHTS (the default, as the regions' own) lends on the rights a
     * region holds (issue 17); {@code -Dbench.nationalCapBy=RESERVATIONS} asks the hub for every checkout.
     */
    static String nationalCapBy() {
        return System.getProperty("bench.nationalCapBy", "RIGHTS").trim().toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The benchmarks' federation: the seoul (111001, 111002) and gyeonggi (141001, 141002) regions, every port free,
     * the demo identity-hash key, the services' JVM options, the hub's extra properties and {@link #REGION_PROPERTIES}.
     */
    static Federation.Settings twoRegions(Path workDir, List<String> serviceJvmOptions,
                                          Map<String, String> hubProperties, Duration readyTimeout) {
        return new Federation.Settings(workDir, 0, Ports.free(), Ports.free(),
                List.of(new Federation.Region("seoul", Ports.free(), List.of("111001", "111002")),
                        new Federation.Region("gyeonggi", Ports.free(), List.of("141001", "141002"))),
                LocalFederation.identityHashKey(), serviceJvmOptions, hubProperties, REGION_PROPERTIES, readyTimeout);
    }

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");

    private Bench() {
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A response body on one line, at most 160 characters, for a failure message. */
    static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }

    /** The problem's {@code "code"} with a space before it ({@code " MEMBER_SUSPENDED"}), or "" when it has none. */
    static String codeOf(String body) {
        Matcher code = CODE.matcher(body == null ? "" : body);
        return code.find() ? " " + code.group(1) : "";
    }

    /**
     * Nearest-rank percentile: the value at rank {@code ceil(p / 100 * n)} (1-based) of the {@code n} values, which
     * must be sorted ascending; so the smallest value such that at least {@code p} % of the values are less than or
     * equal to it. Always one of the values, never an interpolation: p50 of an even count is the lower middle value.
     * The rank is clamped to 1..n, so p <= 0 gives the smallest value and p >= 100 the largest. Unsorted input is not
     * sorted here: the answer is then simply the value at that position. -1 when there are no values.
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    /** {@link #percentile} of sorted nanoseconds, in milliseconds; NaN when there are none. */
    static double percentileMillis(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        return percentile(sortedNanos, percentile) / 1e6;
    }

    /** "p50 …, p95 …, p99 …, max … ms (n=…)" of sorted nanoseconds (default locale), or a note when there are none. */
    static String latencySummary(long[] sortedNanos) {
        if (sortedNanos.length == 0) {
            return "(no successful checkout)";
        }
        return String.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)",
                percentileMillis(sortedNanos, 50), percentileMillis(sortedNanos, 95),
                percentileMillis(sortedNanos, 99), sortedNanos[sortedNanos.length - 1] / 1e6, sortedNanos.length);
    }
}
