package org.chaekieum.hub.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.hub.statistics.StatisticsQuery.GroupBy;
import org.chaekieum.hub.statistics.StatisticsQuery.Interval;
import org.chaekieum.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The statistics request's parameters, read without a server. */
class StatisticsQueryTest {

    @Test
    void defaultsToRegionsByDay() {
        StatisticsQuery q = StatisticsQuery.parse("2026-11-01", " 2026-11-30 ", null, "", null, null, null, 400, 1096);
        assertThat(q.from()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(q.to()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(q.groupBy()).isEqualTo(GroupBy.REGION);
        assertThat(q.interval()).isEqualTo(Interval.DAY);
        assertThat(q.format()).isNull();
        assertThat(StatisticsQuery.parse("2026-11-01", "2026-11-01", "LIBRARY", "Month", "seoul", "111001", "CSV",
                400, 1096)).isEqualTo(new StatisticsQuery(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 1),
                GroupBy.LIBRARY, Interval.MONTH, "seoul", "111001", StatisticsQuery.Format.CSV));
    }

    @Test
    void theLongestPeriodIsBoundedPerInterval() {
        LocalDate from = LocalDate.of(2025, 1, 1);
        assertThat(StatisticsQuery.parse(from.toString(), from.plusDays(399).toString(), null, "day", null, null,
                null, 400, 1096).to()).isEqualTo(from.plusDays(399));
        assertThat(fields(() -> StatisticsQuery.parse(from.toString(), from.plusDays(400).toString(), null, "day",
                null, null, null, 400, 1096))).containsExactly("to");
        assertThat(StatisticsQuery.parse(from.toString(), from.plusDays(1095).toString(), null, "month", null, null,
                null, 400, 1096).interval()).isEqualTo(Interval.MONTH);
    }

    @Test
    void everyMistakeIsReportedAtOnce() {
        assertThat(fields(() -> StatisticsQuery.parse(null, "2026-02-30", "city", "week", "서울", "1110",
                "xml", 400, 1096))).containsExactlyInAnyOrder("from", "to", "groupBy", "interval", "region",
                "library", "format");
        assertThat(fields(() -> StatisticsQuery.parse("2026-11-02", "2026-11-01", null, null, null, null, null, 400,
                1096))).containsExactly("to");
        assertThat(fields(() -> StatisticsQuery.parse("2100-01-01", "2100-01-02", null, null, "r".repeat(41), null,
                null, 400, 1096))).containsExactly("from", "to", "region");
    }

    private static List<String> fields(Runnable parse) {
        try {
            parse.run();
        } catch (ProblemException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            return e.errors().stream().map(FieldError::field).toList();
        }
        throw new AssertionError("not refused");
    }
}
