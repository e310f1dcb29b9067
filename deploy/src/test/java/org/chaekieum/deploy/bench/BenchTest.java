package org.chaekieum.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' pure helpers. {@link Bench#percentile} is the nearest-rank percentile: the value at 1-based rank
 * {@code ceil(p / 100 * n)} of the sorted values, the rank clamped to 1..n; never an interpolation.
 */
class BenchTest {

    private Locale locale;

    @BeforeEach
    void fixLocale() {
        locale = Locale.getDefault();
        Locale.setDefault(Locale.ROOT); // latencySummary formats in the default locale
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(locale);
    }

    @Test
    void percentileOfNoValuesIsMinusOne() {
        assertThat(Bench.percentile(new long[0], 50)).isEqualTo(-1);
        assertThat(Bench.percentile(new long[0], 100)).isEqualTo(-1);
    }

    @Test
    void percentileOfOneValueIsThatValueAtEveryP() {
        long[] one = {42};
        for (double p : new double[] {0, 0.1, 1, 50, 99, 99.9, 100}) {
            assertThat(Bench.percentile(one, p)).as("p%s", p).isEqualTo(42);
        }
    }

    @Test
    void percentileIsTheValueAtRankCeilingOfPTimesN() {
        long[] tenToHundred = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertThat(Bench.percentile(tenToHundred, 10)).isEqualTo(10); // rank 1
        assertThat(Bench.percentile(tenToHundred, 11)).isEqualTo(20); // ceil(1.1) = 2
        assertThat(Bench.percentile(tenToHundred, 50)).isEqualTo(50); // rank 5
        assertThat(Bench.percentile(tenToHundred, 90)).isEqualTo(90); // rank 9
        assertThat(Bench.percentile(tenToHundred, 95)).isEqualTo(100); // ceil(9.5) = 10
        assertThat(Bench.percentile(tenToHundred, 99)).isEqualTo(100); // ceil(9.9) = 10
    }

    @Test
    void p50OfAnEvenCountIsTheLowerMiddleValueNotTheirMean() {
        assertThat(Bench.percentile(new long[] {1, 3}, 50)).isEqualTo(1);
        assertThat(Bench.percentile(new long[] {1, 2, 3, 4}, 50)).isEqualTo(2);
        assertThat(Bench.percentile(new long[] {1, 2, 3}, 50)).isEqualTo(2); // odd count: the middle value
    }

    @Test
    void p0AndBelowGiveTheSmallestValueP100AndAboveTheLargest() {
        long[] values = {5, 7, 9};
        assertThat(Bench.percentile(values, 0)).isEqualTo(5);
        assertThat(Bench.percentile(values, -10)).isEqualTo(5);
        assertThat(Bench.percentile(values, 100)).isEqualTo(9);
        assertThat(Bench.percentile(values, 250)).isEqualTo(9);
    }

    @Test
    void p99IsTheLargestOfFewerThanAHundredValuesAndDropsOneOfAHundred() {
        assertThat(Bench.percentile(oneTo(99), 99)).isEqualTo(99); // ceil(98.01) = 99: the largest
        assertThat(Bench.percentile(oneTo(100), 99)).isEqualTo(99); // ceil(99.0) = 99: the second largest
        assertThat(Bench.percentile(oneTo(101), 99)).isEqualTo(100); // ceil(99.99) = 100
        assertThat(Bench.percentile(oneTo(200), 99)).isEqualTo(198); // two values above p99
        assertThat(Bench.percentile(oneTo(20), 95)).isEqualTo(19); // ceil(19.0) = 19, not 20
    }

    @Test
    void unsortedInputIsNotSortedTheValueAtThatPositionComesBack() {
        long[] unsorted = {30, 10, 20};
        assertThat(Bench.percentile(unsorted, 50)).isEqualTo(10); // position 2, not the median 20
        assertThat(Bench.percentile(unsorted, 100)).isEqualTo(20); // the last, not the largest
        assertThat(unsorted).containsExactly(30, 10, 20); // left as it was
    }

    @Test
    void percentileMillisDividesNanosecondsAndIsNaNWithoutValues() {
        assertThat(Bench.percentileMillis(new long[] {1_500_000, 2_000_000, 250_000_000}, 50)).isEqualTo(2.0);
        assertThat(Bench.percentileMillis(new long[] {1_500_000}, 99)).isEqualTo(1.5);
        assertThat(Bench.percentileMillis(new long[0], 99)).isNaN();
    }

    @Test
    void latencySummaryPrintsP50P95P99MaxAndCount() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (i + 1) * 1_000_000L; // 1 .. 100 ms
        }
        assertThat(Bench.latencySummary(nanos))
                .isEqualTo("p50 50.00 ms, p95 95.00 ms, p99 99.00 ms, max 100.00 ms (n=100)");
        assertThat(Bench.latencySummary(new long[] {1_234_567}))
                .isEqualTo("p50 1.23 ms, p95 1.23 ms, p99 1.23 ms, max 1.23 ms (n=1)");
        assertThat(Bench.latencySummary(new long[0])).isEqualTo("(no successful checkout)");
    }

    @Test
    void abbreviateFlattensWhitespaceAndCutsAfter160Characters() {
        assertThat(Bench.abbreviate(null)).isEmpty();
        assertThat(Bench.abbreviate("")).isEmpty();
        assertThat(Bench.abbreviate("{\n  \"code\":\t\"X\"\r\n}")).isEqualTo("{ \"code\": \"X\" }");
        String exactly160 = "a".repeat(160);
        assertThat(Bench.abbreviate(exactly160)).isEqualTo(exactly160);
        assertThat(Bench.abbreviate("a".repeat(161))).isEqualTo(exactly160 + "...");
        assertThat(Bench.abbreviate("b".repeat(100) + "\n\n" + "c".repeat(100)))
                .isEqualTo("b".repeat(100) + " " + "c".repeat(59) + "...");
    }

    @Test
    void codeOfFindsTheProblemCodeWithALeadingSpace() {
        assertThat(Bench.codeOf("{\"status\":409,\"code\" : \"MEMBER_SUSPENDED\",\"title\":\"...\"}"))
                .isEqualTo(" MEMBER_SUSPENDED");
        assertThat(Bench.codeOf("{\"code\":\"lowercase\"}")).isEmpty();
        assertThat(Bench.codeOf("no json")).isEmpty();
        assertThat(Bench.codeOf(null)).isEmpty();
    }

    private static long[] oneTo(int n) {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = i + 1;
        }
        return values;
    }
}
