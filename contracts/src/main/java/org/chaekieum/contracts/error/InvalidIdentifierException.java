package org.chaekieum.contracts.error;

/** A library code, member number or barcode that does not follow its standard. */
public class InvalidIdentifierException extends IllegalArgumentException {
    private final ErrorCode code;

    public InvalidIdentifierException(ErrorCode code, String detail) {
        super(code.name() + ": " + detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
