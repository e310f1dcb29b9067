package org.chaekieum.contracts.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;

/**
 * The bounds every text a client sends is held to, as pure functions that add a {@link FieldError} to a list and say
 * whether the value passed. Each request record names its own bounds ({@code NAME_MAX}, ...); they are never larger
 * than what the services store, including what a service adds around the value.
 *
 * <ul>
 *     <li>Length is counted in Unicode characters (code points), as PostgreSQL counts {@code varchar(n)}: 300 Hangul
 *     syllables or 300 emoji fit a 300-character field. Longer: {@link ErrorCode#FIELD_TOO_LONG} with the bound.</li>
 *     <li>No text admits control characters (U+0000 NUL in particular, which PostgreSQL refuses in text), a lone
 *     surrogate (not a character at all) or a noncharacter (U+FFFE, U+FFFF, ...): {@link ErrorCode#FIELD_INVALID}.
 *     A {@linkplain #line single line} (names, phones, codes, keys) admits no tab, line break or line separator
 *     either; {@linkplain #text free text} (reasons, addresses) admits tabs and line breaks.</li>
 *     <li>Null passes: whether a field is required is the caller's rule.</li>
 * </ul>
 */
public final class FieldChecks {

    /** A region id (e.g. {@code seoul}): letters, digits, '-' and '_', at most this long (the regions' columns). */
    public static final int REGION_ID_MAX = 40;
    /** Timestamps a request may carry ({@code returnedAt}, {@code consentAt}): from this moment ... */
    public static final Instant EARLIEST_INSTANT = Instant.parse("2000-01-01T00:00:00Z");
    /** ... to before this one. */
    public static final Instant LATEST_INSTANT = Instant.parse("2100-01-01T00:00:00Z");
    /** Dates a request may carry for loans and suspensions ({@code dueOn}): from this day ... */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    /** ... through this one. */
    public static final LocalDate LATEST_DATE = LocalDate.of(2099, 12, 31);

    private static final Pattern REGION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private FieldChecks() {
    }

    /** A single line of text: at most {@code maxLength} characters, no control character, tab or line break. */
    public static boolean line(List<FieldError> errors, String field, String value, int maxLength) {
        return check(errors, field, value, maxLength, false);
    }

    /** Free text: at most {@code maxLength} characters; tabs and line breaks allowed, other controls not. */
    public static boolean text(List<FieldError> errors, String field, String value, int maxLength) {
        return check(errors, field, value, maxLength, true);
    }

    /** A required region id: present, at most {@link #REGION_ID_MAX} characters, letters, digits, '-' and '_'. */
    public static boolean regionId(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_REQUIRED));
            return false;
        }
        if (!line(errors, field, value, REGION_ID_MAX)) {
            return false;
        }
        if (!REGION_ID.matcher(value).matches()) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_INVALID));
            return false;
        }
        return true;
    }

    /** A timestamp from {@link #EARLIEST_INSTANT} to before {@link #LATEST_INSTANT}; null passes. */
    public static boolean instant(List<FieldError> errors, String field, Instant value) {
        if (value != null && (value.isBefore(EARLIEST_INSTANT) || !value.isBefore(LATEST_INSTANT))) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_INVALID));
            return false;
        }
        return true;
    }

    /** A date from {@link #EARLIEST_DATE} through {@link #LATEST_DATE}; null passes. */
    public static boolean date(List<FieldError> errors, String field, LocalDate value) {
        if (value != null && (value.isBefore(EARLIEST_DATE) || value.isAfter(LATEST_DATE))) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_INVALID));
            return false;
        }
        return true;
    }

    /** Length in characters (code points), as PostgreSQL counts it. */
    public static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /** Whether the text holds a character no field admits (free text admits tab, line feed and carriage return). */
    public static boolean hasForbiddenCharacter(String value, boolean freeText) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (freeText && (c == '\t' || c == '\n' || c == '\r')) {
                continue;
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.SURROGATE || isNoncharacter(c)
                    || (!freeText && (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR))) {
                return true;
            }
        }
        return false;
    }

    private static boolean check(List<FieldError> errors, String field, String value, int maxLength, boolean freeText) {
        if (value == null) {
            return true;
        }
        if (value.length() > maxLength && length(value) > maxLength) {
            errors.add(FieldError.tooLong(field, maxLength));
            return false;
        }
        if (hasForbiddenCharacter(value, freeText)) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_INVALID));
            return false;
        }
        return true;
    }

    private static boolean isNoncharacter(int c) {
        return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }
}
