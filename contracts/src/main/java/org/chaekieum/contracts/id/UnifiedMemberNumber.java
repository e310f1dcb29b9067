package org.chaekieum.contracts.id;

import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;

/**
 * 통합회원번호: 14 digits. The first six always name the issuing library; the number never changes.
 *
 * <p>Issued form: library code (6) + 2-digit year + 5-digit serial + check digit. The check digit weighs the first 13
 * digits by 2,3,4,5,6,7,8,9,2,3,4,5,6, takes r = sum mod 11, and is 0 when r = 0, else 10 - r (so r = 10 also gives 0).
 * Legacy form: library code + year + 6-digit serial, no check digit; it is accepted only through {@link #legacy}.
 */
public record UnifiedMemberNumber(String value, NumberForm form) {

    private static final int[] WEIGHTS = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6};
    public static final int MAX_SERIAL = 99_999;

    public UnifiedMemberNumber {
        requireFourteenDigits(value);
        if (form == null) {
            throw new IllegalArgumentException("form is required");
        }
        if (form == NumberForm.CHECK_DIGIT && !hasValidCheckDigit(value)) {
            throw new InvalidIdentifierException(ErrorCode.MEMBER_NUMBER_CHECK_DIGIT,
                    "check digit of " + value + " should be " + checkDigit(value.substring(0, 13)));
        }
    }

    /** Parses a number presented by a client: it must be 14 digits with a correct check digit. */
    public static UnifiedMemberNumber parse(String value) {
        return new UnifiedMemberNumber(value, NumberForm.CHECK_DIGIT);
    }

    /** Accepts a legacy number (no check digit); for migration only. */
    public static UnifiedMemberNumber legacy(String value) {
        return new UnifiedMemberNumber(value, NumberForm.LEGACY);
    }

    /** Reads a number stored together with its recorded form. */
    public static UnifiedMemberNumber of(String value, NumberForm form) {
        return new UnifiedMemberNumber(value, form);
    }

    /** Forms the number a library issues for the given 2-digit year and serial. */
    public static UnifiedMemberNumber issue(LibraryCode library, int yearOfIssue, int serial) {
        if (yearOfIssue < 0 || yearOfIssue > 99) {
            throw new IllegalArgumentException("year of issue is two digits: " + yearOfIssue);
        }
        if (serial < 1 || serial > MAX_SERIAL) {
            throw new IllegalArgumentException("serial out of range 1.." + MAX_SERIAL + ": " + serial);
        }
        String first13 = library.value() + String.format("%02d%05d", yearOfIssue, serial);
        return new UnifiedMemberNumber(first13 + checkDigit(first13), NumberForm.CHECK_DIGIT);
    }

    /** The check digit for the first 13 digits of a number. */
    public static int checkDigit(String first13) {
        if (first13 == null || first13.length() != 13 || !Digits.all(first13)) {
            throw new IllegalArgumentException("need exactly 13 digits");
        }
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            sum += (first13.charAt(i) - '0') * WEIGHTS[i];
        }
        int r = sum % 11;
        return r == 0 ? 0 : (10 - r) % 10;
    }

    public static boolean hasValidCheckDigit(String value) {
        return value != null && value.length() == 14 && Digits.all(value)
                && checkDigit(value.substring(0, 13)) == value.charAt(13) - '0';
    }

    private static void requireFourteenDigits(String value) {
        if (value == null || value.length() != 14 || !Digits.all(value)) {
            throw new InvalidIdentifierException(ErrorCode.MEMBER_NUMBER_INVALID, "member number must be 14 digits");
        }
    }

    public LibraryCode issuingLibrary() {
        return new LibraryCode(value.substring(0, 6));
    }

    /** Two-digit year of issue. */
    public int yearOfIssue() {
        return Integer.parseInt(value.substring(6, 8));
    }

    public int serial() {
        return Integer.parseInt(form == NumberForm.CHECK_DIGIT ? value.substring(8, 13) : value.substring(8, 14));
    }

    @Override
    public String toString() {
        return value;
    }
}
