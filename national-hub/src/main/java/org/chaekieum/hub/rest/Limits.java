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
        String en = "limit must be a whole number from 1 to " + max;
        String ko = "limit는 1부터 " + max + "까지의 정수여야 합니다.";
        throw new ProblemException(ErrorCode.FIELD_INVALID, en, ko,
                List.of(new Problem.FieldError("limit", ErrorCode.FIELD_INVALID.name(), en, ko)));
    }
}
