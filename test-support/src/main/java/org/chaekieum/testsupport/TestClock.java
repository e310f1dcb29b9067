package org.chaekieum.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The clock of a service under test, and of the test that checks its dates: Korean time running at real speed, but
 * shifted so that the test JVM starts at noon of the current Korean day. A due date, a suspension's end or a year of
 * issue that the service computes and the test expects then fall on the same day however close to midnight (or to the
 * end of a month or year) the run starts: the day only changes after twelve hours of running.
 *
 * <p>A service takes it as its {@link Clock} bean (an alternative producer in the service's test sources); the tests
 * read {@link #today()} and {@link #now()} from the same clock, never the wall clock, for every date and time they
 * send to the service or expect from it. Times the service compares with the wall clock or the database's
 * {@code now()} (token expiry, housekeeping) stay on the wall clock.
 */
public final class TestClock {

    public static final ZoneId KOREA = ZoneId.of("Asia/Seoul");
    /** The Korean time of day at which the shifted clock starts. */
    static final LocalTime START = LocalTime.NOON;

    private static final Clock CLOCK = startingAt(Clock.system(KOREA), START);

    private TestClock() {
    }

    /** The shifted clock (zone Asia/Seoul). */
    public static Clock clock() {
        return CLOCK;
    }

    /** Now, on the shifted clock. */
    public static Instant now() {
        return CLOCK.instant();
    }

    /** Today in Korea, on the shifted clock. */
    public static LocalDate today() {
        return LocalDate.now(CLOCK);
    }

    /** The wall clock shifted so that it reads {@code start} of its current day (in its zone) now. */
    static Clock startingAt(Clock wall, LocalTime start) {
        ZonedDateTime now = ZonedDateTime.now(wall);
        ZonedDateTime then = now.toLocalDate().atTime(start).atZone(wall.getZone());
        return Clock.offset(wall, Duration.between(now, then));
    }
}
