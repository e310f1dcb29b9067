package org.chaekieum.contracts.api;

import java.math.BigDecimal;

/**
 * A library's suspension policy (대출정지): a late return earns {@code (overdue days + offsetBefore) x weight +
 * offsetAfter} days of suspension, rounded up to whole days, never negative, capped at {@code maxDays} (0 = no cap).
 * Overdue days are counted on the largest single overdue ({@link Counting#LARGEST}) or summed over the items returned
 * late the same day ({@link Counting#SUM}); with {@code skipClosedDays} the library's closed days do not count as
 * overdue. A {@code warnOnly} library lends to suspended members, with a warning in the answer.
 */
public record SuspensionPolicy(Integer offsetBefore, BigDecimal weight, Integer offsetAfter, Counting counting,
                               Boolean skipClosedDays, Integer maxDays, Boolean warnOnly) {

    /** Most closed days (휴관일) a library can set for one year: every day of a leap year. */
    public static final int CLOSED_DAYS_PER_YEAR_MAX = 366;

    /** How the overdue days of several items returned late are counted. */
    public enum Counting {
        /** The largest single item's overdue days. */
        LARGEST,
        /** The sum of the items' overdue days. */
        SUM
    }

    /** One day of suspension per overdue day, the largest overdue, closed days counted, no cap, enforced. */
    public static SuspensionPolicy standard() {
        return new SuspensionPolicy(0, BigDecimal.ONE, 0, Counting.LARGEST, false, 0, false);
    }
}
