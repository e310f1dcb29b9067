package org.chaekieum.contracts.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;

/**
 * 도서관부호: 6 digits assigned nationally, library type (1) + region (2) + serial (3). Its ISIL form is {@code KR-} + code.
 */
public record LibraryCode(String value) {

    public LibraryCode {
        if (!isValid(value)) {
            throw new InvalidIdentifierException(ErrorCode.LIBRARY_CODE_INVALID, "library code must be 6 digits");
        }
    }

    @JsonCreator
    public static LibraryCode of(String value) {
        return new LibraryCode(value);
    }

    public static boolean isValid(String value) {
        return value != null && value.length() == 6 && Digits.all(value);
    }

    /** Library type digit. */
    public char type() {
        return value.charAt(0);
    }

    /** The two region digits. */
    public String regionDigits() {
        return value.substring(1, 3);
    }

    public String isil() {
        return "KR-" + value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
