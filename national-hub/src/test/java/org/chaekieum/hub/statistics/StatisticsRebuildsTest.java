package org.chaekieum.hub.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.chaekieum.hub.statistics.StatisticsRebuilds.Plan;
import org.chaekieum.hub.statistics.StatisticsStore.Generation;
import org.junit.jupiter.api.Test;

/** What a rebuild deletes and where it reads from, without a broker or a database. */
class StatisticsRebuildsTest {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final LocalDate NOV_20 = LocalDate.of(2026, 11, 20);
    private static final LocalDate NOV_25 = LocalDate.of(2026, 11, 25);

    @Test
    void aRebuildDeletesFromItsDayAndReadsFromTheDayBefore() {
        Generation caughtUp = new Generation(3, NOV_20, start(NOV_20.minusDays(1)), Instant.now(), "x");
        assertThat(StatisticsRebuilds.plan(NOV_25, caughtUp, 0)).isEqualTo(new Plan(NOV_25, start(NOV_25.minusDays(1))));
    }

    @Test
    void aRebuildAskedWhileTheLastOneStillReadsTakesItOver() {
        Generation running = new Generation(3, NOV_20, start(NOV_20.minusDays(1)), Instant.now(), "x");
        assertThat(StatisticsRebuilds.plan(NOV_25, running, 12)).isEqualTo(new Plan(NOV_20,
                start(NOV_20.minusDays(1))));
        assertThat(StatisticsRebuilds.plan(NOV_20.minusDays(2), running, 12)).isEqualTo(new Plan(NOV_20.minusDays(2),
                start(NOV_20.minusDays(3))));
    }

    @Test
    void aRebuildAskedWhileTheFirstReadingStillReadsReadsFromTheBeginningToo() {
        Generation first = new Generation(1, null, null, Instant.now(), null);
        assertThat(StatisticsRebuilds.plan(NOV_25, first, 1000)).isEqualTo(new Plan(NOV_25, null));
        assertThat(StatisticsRebuilds.plan(NOV_25, first, 0)).isEqualTo(new Plan(NOV_25, start(NOV_25.minusDays(1))));
    }

    @Test
    void theFirstRebuildableDayReadsNothingOlderThanTheTopicHolds() {
        // The oldest event kept was written at 05:00 on 11-10: a rebuild reads from a day before its first day, so
        // 11-11 would read from 11-10 00:00 (too early); 11-12 reads from 11-11 00:00.
        assertThat(StatisticsRebuilds.firstRebuildableDay(LocalDate.of(2026, 11, 10).atTime(5, 0).atZone(SEOUL)
                .toInstant())).isEqualTo(LocalDate.of(2026, 11, 12));
        assertThat(StatisticsRebuilds.firstRebuildableDay(start(LocalDate.of(2026, 11, 10))))
                .isEqualTo(LocalDate.of(2026, 11, 11));
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(SEOUL).toInstant();
    }
}
