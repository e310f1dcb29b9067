package org.chaekieum.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard benchmark's library codes (the same rule as its SQL: type 1, the region's two digits 11.., a serial)
 * and its verdict (the nearest-rank p99 under the goal, with no failed request).
 */
class DashboardBenchmarkTest {

    @Test
    void dealsTheLibrariesToTheRegionsInTurnWithTheFederationsOwnCodes() {
        int regions = DashboardBenchmark.REGIONS.size();
        assertThat(regions).isEqualTo(17);
        assertThat(DashboardBenchmark.libraryCode(0, regions)).isEqualTo(DashboardBenchmark.LIBRARY).isEqualTo("111001");
        assertThat(DashboardBenchmark.REGIONS.get(0)).isEqualTo(DashboardBenchmark.REGION);
        // gyeonggi is 14 in library codes (141001), as in the federation the benchmark starts
        assertThat(DashboardBenchmark.libraryCode(3, regions)).isEqualTo("114001");
        assertThat(DashboardBenchmark.REGIONS.get(3)).isEqualTo("gyeonggi");
        assertThat(DashboardBenchmark.libraryCode(17, regions)).isEqualTo("111002");
        assertThat(DashboardBenchmark.libraryCode(1_999, regions)).isEqualTo("121118");
    }

    @Test
    void twoThousandLibrariesHaveTwoThousandDistinctSixDigitCodes() {
        Set<String> codes = new HashSet<>();
        for (int n = 0; n < 2_000; n++) {
            String code = DashboardBenchmark.libraryCode(n, 17);
            assertThat(code).matches("1(1[1-9]|2[0-7])\\d{3}");
            codes.add(code);
        }
        assertThat(codes).hasSize(2_000);
        assertThat(DashboardBenchmark.librarySerial(1_999, 17)).isEqualTo(118);
    }

    @Test
    void meetsTheGoalWhenTheNearestRankP99IsUnderItAndNothingFailed() {
        // 200 values 1..200 ms: p99 is the 198th, 198 ms
        long[] millis = LongStream.rangeClosed(1, 200).map(ms -> ms * 1_000_000L).toArray();
        assertThat(DashboardBenchmark.meets(millis, 0, 199)).isTrue();
        assertThat(DashboardBenchmark.meets(millis, 0, 198)).isFalse();
        assertThat(DashboardBenchmark.meets(millis, 1, 199)).isFalse();
        assertThat(DashboardBenchmark.meets(new long[0], 0, 200)).isFalse();
    }

    @Test
    void theLoadingStatementNamesTheDaysTheLibrariesAndTheRegions() {
        String sql = DashboardBenchmark.libraryDays(365, 2_000, 17);
        assertThat(sql).contains("generate_series(364, 0, -1)", "generate_series(0, 1999)", "n % 17 + 1",
                "'1' || (11 + n % 17) || lpad((n / 17 + 1)::text, 3, '0')", "array['seoul','busan',", "'jeju']")
                .doesNotContain("%%", "%d", "%s");
    }
}
