package org.chaekieum.contracts.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;

/**
 * 책이음 통합바코드: {@code $} + library code (6) + registration number (12: a class code of letters, then zero-padded
 * digits) = 19 characters; the 18-character form without {@code $} is accepted too. The owning library is read from it.
 */
public record ItemBarcode(LibraryCode owningLibrary, String registrationNumber) {

    private static final Pattern REGISTRATION = Pattern.compile("[A-Z]{1,4}[0-9]{8,11}");

    public ItemBarcode {
        if (owningLibrary == null || registrationNumber == null || registrationNumber.length() != 12
                || !REGISTRATION.matcher(registrationNumber).matches()) {
            throw new InvalidIdentifierException(ErrorCode.ITEM_BARCODE_INVALID, "bad registration number");
        }
    }

    @JsonCreator
    public static ItemBarcode parse(String text) {
        if (text == null) {
            throw new InvalidIdentifierException(ErrorCode.ITEM_BARCODE_INVALID, "barcode is required");
        }
        String body = text.startsWith("$") ? text.substring(1) : text;
        if (body.length() != 18 || !LibraryCode.isValid(body.substring(0, 6))) {
            throw new InvalidIdentifierException(ErrorCode.ITEM_BARCODE_INVALID, "barcode must be $ + 6 + 12 characters");
        }
        return new ItemBarcode(new LibraryCode(body.substring(0, 6)), body.substring(6));
    }

    /** The canonical 19-character form with {@code $}. */
    @JsonValue
    public String value() {
        return "$" + owningLibrary.value() + registrationNumber;
    }

    @Override
    public String toString() {
        return value();
    }
}
