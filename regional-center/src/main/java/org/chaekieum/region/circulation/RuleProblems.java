package org.chaekieum.region.circulation;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.Notice;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.Messages;
import org.chaekieum.runtime.problem.ProblemException;

/** How a circulation rule's refusal or warning reads at the desk: its code, counts and dates, in Korean and English. */
final class RuleProblems {

    private RuleProblems() {
    }

    /** The warning a warn-only library's answer carries for a suspended member (empty when not suspended). */
    static List<Notice> suspensionWarning(LocalDate suspendedUntil, String suspendedBy, LocalDate today) {
        if (!CheckoutRules.suspendedOn(suspendedUntil, today)) {
            return List.of();
        }
        Messages.Text suspended = suspended(suspendedUntil, suspendedBy);
        return List.of(new Notice(ErrorCode.MEMBER_SUSPENDED.name(), suspended.en(), suspended.ko(),
                suspensionContext(suspendedUntil, suspendedBy)));
    }

    static Messages.Text suspended(LocalDate until, String library) {
        return Messages.of(ErrorCode.MEMBER_SUSPENDED, "until", until, library);
    }

    static Map<String, Object> suspensionContext(LocalDate until, String library) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("suspendedUntil", until.toString());
        context.put("suspendedByLibrary", library);
        return context;
    }

    static ProblemException refusalProblem(CheckoutRules.Refusal refusal, String statusReason,
                                                   LocalDate suspendedUntil, String suspendedBy, LocalDate today) {
        Map<String, Object> context = new LinkedHashMap<>();
        Messages.Text detail = null;
        if (refusal.code() == ErrorCode.LIBRARY_CAP_REACHED) {
            context.put("loansAtLibrary", refusal.count());
            context.put("libraryCap", refusal.cap());
            detail = Messages.of(ErrorCode.LIBRARY_CAP_REACHED, "loans-at-library", refusal.count(), refusal.cap());
        } else if (refusal.code() == ErrorCode.NO_RENEWALS_LEFT) {
            context.put("renewals", refusal.count());
            context.put("renewalLimit", refusal.cap());
        } else if (refusal.code() == ErrorCode.MEMBER_SUSPENDED) {
            if (CheckoutRules.suspendedOn(suspendedUntil, today)) {
                context.putAll(suspensionContext(suspendedUntil, suspendedBy));
                detail = suspended(suspendedUntil, suspendedBy);
            }
            if (statusReason != null) {
                context.put("reason", statusReason);
            }
        }
        return ProblemException.because(refusal.code(), detail).withContext(context);
    }
}
