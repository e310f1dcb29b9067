package org.chaekieum.hub.rest;

import java.util.List;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.runtime.problem.ProblemException;

/** The {@code limit} query parameter of listing endpoints. */
final class Limits {
    private Limits() {
    }

    static int parse(String text, int defaultLimit, int max) {
        if (text == null || text.isBlank()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.because(ErrorCode.FIELD_INVALID, "limit-range", max)
                .withErrors(List.of(Problem.FieldError.of("limit", ErrorCode.FIELD_INVALID, "limit-range", max)));
    }
}
