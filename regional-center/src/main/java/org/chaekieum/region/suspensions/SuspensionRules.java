package org.chaekieum.region.suspensions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.SuspensionPolicy;
import org.chaekieum.contracts.error.ErrorCode;

/**
 * The suspension arithmetic (대출정지) as pure functions of values: how many days a late return earns under a library's
 * policy, and until when the member is then suspended. See {@link SuspensionPolicy} for the formula.
 *
 * <p>Conventions: an item due on day D and returned on day R is {@code R - D} days overdue (0 when returned on or
 * before D), or, skipping closed days, the number of open days in {@code (D, R]}. A suspension of N days starts on the
 * return date and ends on {@code return date + N - 1} (inclusive); N = 0 is no suspension. A new suspension never
 * shortens one already running: the member is suspended until the later of the two end dates.
 */
public final class SuspensionRules {

    /** Largest accepted weight; a policy beyond it is a typing error, not a policy. */
    static final BigDecimal MAX_WEIGHT = BigDecimal.valueOf(100);

    private SuspensionRules() {
    }

    /** An item returned late: when it was due and when it came back. */
    public record LateReturn(LocalDate dueOn, LocalDate returnedOn) {
    }

    /** Overdue days of one return; closed days are left out when {@code skipClosedDays}. */
    public static long overdueDays(LateReturn item, boolean skipClosedDays, Set<LocalDate> closedDays) {
        if (!item.returnedOn().isAfter(item.dueOn())) {
            return 0;
        }
        long days = item.returnedOn().toEpochDay() - item.dueOn().toEpochDay();
        if (!skipClosedDays || closedDays.isEmpty()) {
            return days;
        }
        long closed = closedDays.stream()
                .filter(day -> day.isAfter(item.dueOn()) && !day.isAfter(item.returnedOn()))
                .count();
        return days - closed;
    }

    /** Suspension days earned by the items returned late (together), under the policy. */
    public static long suspensionDays(SuspensionPolicy policy, Collection<LateReturn> items, Set<LocalDate> closedDays) {
        boolean skip = Boolean.TRUE.equals(policy.skipClosedDays());
        long overdue = 0;
        for (LateReturn item : items) {
            long days = overdueDays(item, skip, closedDays);
            overdue = policy.counting() == SuspensionPolicy.Counting.SUM ? overdue + days : Math.max(overdue, days);
        }
        if (overdue == 0) {
            return 0;
        }
        BigDecimal earned = BigDecimal.valueOf(overdue + policy.offsetBefore())
                .multiply(policy.weight())
                .add(BigDecimal.valueOf(policy.offsetAfter()))
                .setScale(0, RoundingMode.CEILING);
        long days = Math.max(0, earned.longValueExact());
        return policy.maxDays() > 0 ? Math.min(days, policy.maxDays()) : days;
    }

    /**
     * The last day of suspension after earning {@code days} on {@code from}, given the end of a suspension already
     * running (or null): the later of the two, so that a new suspension extends and never shortens.
     */
    public static LocalDate suspendedUntil(LocalDate from, long days, LocalDate runningUntil) {
        LocalDate earned = days <= 0 ? null : from.plusDays(days - 1);
        if (earned == null) {
            return runningUntil;
        }
        return runningUntil == null || earned.isAfter(runningUntil) ? earned : runningUntil;
    }

    /** Every invalid field of a suspension policy, at once. */
    public static List<FieldError> check(SuspensionPolicy p) {
        List<FieldError> errors = new ArrayList<>();
        range(errors, "suspension.offsetBefore", p.offsetBefore(), -365, 365);
        range(errors, "suspension.offsetAfter", p.offsetAfter(), -365, 365);
        range(errors, "suspension.maxDays", p.maxDays(), 0, 3650);
        if (p.weight() == null) {
            errors.add(FieldError.of("suspension.weight", ErrorCode.FIELD_REQUIRED));
        } else if (p.weight().signum() < 0 || p.weight().compareTo(MAX_WEIGHT) > 0 || p.weight().scale() > 2) {
            errors.add(FieldError.of("suspension.weight", ErrorCode.POLICY_INVALID));
        }
        if (p.counting() == null) {
            errors.add(FieldError.of("suspension.counting", ErrorCode.FIELD_REQUIRED));
        }
        if (p.skipClosedDays() == null) {
            errors.add(FieldError.of("suspension.skipClosedDays", ErrorCode.FIELD_REQUIRED));
        }
        if (p.warnOnly() == null) {
            errors.add(FieldError.of("suspension.warnOnly", ErrorCode.FIELD_REQUIRED));
        }
        return errors;
    }

    private static void range(List<FieldError> errors, String field, Integer value, int min, int max) {
        if (value == null) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_REQUIRED));
        } else if (value < min || value > max) {
            errors.add(FieldError.of(field, ErrorCode.POLICY_INVALID));
        }
    }
}
