package org.chaekieum.contracts.api;

import java.util.ArrayList;
import java.util.List;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;

/**
 * The {@code Idempotency-Key} header of circulation writes (checkout, return, renewal): 1 to {@link #MAX_LENGTH}
 * printable ASCII characters ('!' to '~', e.g. a UUID). A longer key is refused with
 * {@link ErrorCode#FIELD_TOO_LONG}, an empty one or one with spaces, controls or other characters with
 * {@link ErrorCode#FIELD_INVALID}, both naming the field {@value #HEADER}, before anything is done.
 */
public final class IdempotencyKey {

    /** The header's name, also the field name of its errors. */
    public static final String HEADER = "Idempotency-Key";
    /** Longest key accepted (stored with a scope in a 200-character column). */
    public static final int MAX_LENGTH = 128;

    private IdempotencyKey() {
    }

    /** Every error of the header's values as sent (none when absent). */
    public static List<FieldError> check(List<String> values) {
        List<FieldError> errors = new ArrayList<>();
        if (values == null) {
            return errors;
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            if (value.length() > MAX_LENGTH) {
                errors.add(FieldError.tooLong(HEADER, MAX_LENGTH));
            } else if (value.isEmpty() || !value.chars().allMatch(c -> c >= '!' && c <= '~')) {
                errors.add(FieldError.of(HEADER, ErrorCode.FIELD_INVALID));
            }
        }
        return errors.stream().distinct().toList();
    }
}
