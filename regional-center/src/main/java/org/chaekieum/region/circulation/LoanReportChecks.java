package org.chaekieum.region.circulation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.LoanReport;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.region.repository.BorrowerStanding;

/**
 * Checks of the reports of a local library system as pure functions: the local key, the reported times, and the rules
 * the desk would have applied (which a report goes past rather than being refused by them).
 */
public final class LoanReportChecks {

    /** How far in the future a reported time may lie (the clocks of the library and the region differ a little). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** No report is older than this: an earlier time is a mistake (e.g. a default value sent as a date). */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Later than any time a report may give: beyond it a moment is refused without reading its date. */
    private static final Instant LATEST = Instant.parse("9000-01-01T00:00:00Z");
    /** The longest loan a report may give: a due date further than this after the loan is a mistake. */
    static final int MAX_LOAN_YEARS = 3;
    /** The most renewals a change report may state. */
    static final int MAX_RENEWALS = 100;

    private LoanReportChecks() {
    }

    /** 1 to {@link LoanReport#LOCAL_KEY_MAX} visible ASCII characters (no space, no control, no slash). */
    public static boolean validLocalKey(String key) {
        if (key == null || key.isEmpty() || key.length() > LoanReport.LOCAL_KEY_MAX) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '/' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** A reported moment: required, not before {@link #EARLIEST}, not in the future (beyond {@link #CLOCK_SKEW}). */
    static void moment(List<FieldError> errors, String field, Instant at, Instant now) {
        if (at == null) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_REQUIRED));
        } else if (at.isBefore(EARLIEST) || at.isAfter(now.plus(CLOCK_SKEW))) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_INVALID));
        }
    }

    /** A due date: required, not before the day of the loan, at most {@link #MAX_LOAN_YEARS} years after it. */
    static void dueOn(List<FieldError> errors, LocalDate dueOn, Instant checkedOutAt, ZoneId zone) {
        if (dueOn == null) {
            errors.add(FieldError.of("dueOn", ErrorCode.FIELD_REQUIRED));
            return;
        }
        if (checkedOutAt == null || checkedOutAt.isBefore(EARLIEST) || checkedOutAt.isAfter(LATEST)) {
            return; // the loan's time is refused itself (and far ones have no date in every zone)
        }
        LocalDate lentOn = LocalDate.ofInstant(checkedOutAt, zone);
        if (dueOn.isBefore(lentOn) || dueOn.isAfter(lentOn.plusYears(MAX_LOAN_YEARS))) {
            errors.add(FieldError.of("dueOn", ErrorCode.FIELD_INVALID));
        }
    }

    /**
     * The rules the desk would have refused this loan by on {@code lentOn} (error codes; empty when none): the first
     * refusal of {@link CheckoutRules#refuseCheckout}, and the library cap besides when that was not it.
     */
    static List<String> overrode(BorrowerStanding standing, LibraryPolicy policy, LocalDate lentOn) {
        CheckoutRules.Borrower borrower = new CheckoutRules.Borrower(standing.registeredHere(), standing.status(),
                standing.category(), standing.modifier(), standing.modifierExpiresOn(), standing.suspendedUntil());
        List<String> codes = new ArrayList<>();
        Optional<CheckoutRules.Refusal> refusal = CheckoutRules.refuseCheckout(borrower, policy, standing.loansHere(),
                lentOn);
        refusal.ifPresent(r -> codes.add(r.code().name()));
        int cap = CheckoutRules.libraryCap(policy, standing.modifier(), standing.modifierExpiresOn(), lentOn);
        if (standing.loansHere() >= cap && !codes.contains(ErrorCode.LIBRARY_CAP_REACHED.name())) {
            codes.add(ErrorCode.LIBRARY_CAP_REACHED.name());
        }
        return codes;
    }

    /** The codes as stored in a loan's column (comma-separated), null when none. */
    static String column(List<String> codes) {
        return codes == null || codes.isEmpty() ? null : String.join(",", codes);
    }

    /** The codes of a loan's column; null when none. */
    static List<String> codes(String column) {
        return column == null || column.isBlank() ? null : List.of(column.split(","));
    }
}
