package org.chaekieum.hub.rest;

import java.util.List;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.runtime.problem.ProblemException;

/** Whole-number query parameters with a range: the {@code limit} of listing endpoints, and others like it. */
final class Limits {
    private Limits() {
    }

    /** The {@code limit} parameter: 1..max, the default when absent. */
    static int parse(String text, int defaultLimit, int max) {
        return parse(text, defaultLimit, 1, max, "limit", "limit-range");
    }

    /**
     * A whole number in min..max, the default when absent; otherwise FIELD_INVALID for {@code field}, with the message
     * {@code messageKey} (which names max).
     */
    static int parse(String text, int defaultValue, int min, int max, String field, String messageKey) {
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.because(ErrorCode.FIELD_INVALID, messageKey, max)
                .withErrors(List.of(Problem.FieldError.of(field, ErrorCode.FIELD_INVALID, messageKey, max)));
    }
}
