package org.chaekieum.deploy.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Today in Korea, for the end-to-end tests. The federation's processes count days on their own wall clocks (they cannot
 * run on a test clock: the national hub reads the wall clock directly), so a test whose expected dates depend on the day
 * a service sees at a later step (a suspension counted from the day of a late return) must not run across Korean
 * midnight: it takes its day from {@link #todayWithTimeToSpare()}, which waits for the new day when it is about to
 * begin.
 */
final class KoreanDay {

    static final ZoneId KOREA = ZoneId.of("Asia/Seoul");
    /** Longer than any date-checking test takes, even on a loaded machine. */
    static final Duration LONGEST_TEST = Duration.ofMinutes(5);

    private KoreanDay() {
    }

    /** Today in Korea, for dates a test sends and reads back as sent. */
    static LocalDate today() {
        return LocalDate.now(KOREA);
    }

    /** Today in Korea, with at least {@link #LONGEST_TEST} of it left: nearer midnight, waits for the next day. */
    static LocalDate todayWithTimeToSpare() {
        await("Korean midnight, so that the test runs within one day").atMost(LONGEST_TEST.plusMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> leftOfToday().compareTo(LONGEST_TEST) > 0);
        return today();
    }

    private static Duration leftOfToday() {
        ZonedDateTime now = ZonedDateTime.now(KOREA);
        return Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(KOREA));
    }
}
