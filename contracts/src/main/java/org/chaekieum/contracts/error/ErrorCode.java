package org.chaekieum.contracts.error;

/**
 * Every refusal the federation gives carries one of these stable codes, with a message a librarian can read in
 * Korean and in English. Codes never change meaning once published; new ones are only ever added. The messages are in
 * the bundle {@link Messages} reads ({@code messages.properties}, {@code messages_ko.properties}), under the code's
 * name; here only the HTTP status.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(400),
    VALIDATION_FAILED(400),
    FIELD_REQUIRED(400),
    FIELD_INVALID(400),
    FIELD_TOO_LONG(400),
    LIBRARY_CODE_INVALID(400),
    MEMBER_NUMBER_INVALID(400),
    MEMBER_NUMBER_CHECK_DIGIT(400),
    MEMBER_NUMBER_LEGACY_NOT_ALLOWED(400),
    ITEM_BARCODE_INVALID(400),
    BIRTH_DATE_INVALID(400),
    PHONE_INVALID(400),
    CATEGORY_INVALID(400),
    CONSENT_REQUIRED(400),
    GUARDIAN_REQUIRED(400),
    LIBRARY_NOT_IN_REGION(404),
    MEMBER_NOT_FOUND(404),
    IDENTITY_ALREADY_ENROLLED(409),
    SERIAL_EXHAUSTED(409),
    TRANSFER_CONSENT_REQUIRED(400),
    MODIFIER_INVALID(400),
    STATUS_CHANGE_INVALID(400),
    STATUS_CHANGE_NOT_PERMITTED(409),
    IDENTITY_MISMATCH(422),
    MEMBER_NOT_ACTIVE(409),
    CHANGE_AT_HOME_REGION(409),
    WITHDRAWAL_REFUSED_ACTIVE_LOANS(409),
    HOME_REGION_UNREACHABLE(503),
    IMPORT_REQUIRED(409),
    ASSOCIATE_CANNOT_BORROW(409),
    MEMBER_SUSPENDED(409),
    LIBRARY_CAP_REACHED(409),
    NATIONAL_CAP_REACHED(409),
    NATIONAL_CAP_UNVERIFIABLE(503),
    ITEM_ON_LOAN(409),
    ITEM_NOT_HELD_HERE(409),
    ITEM_NOT_ON_LOAN(404),
    LOAN_NOT_FOUND(404),
    NO_RENEWALS_LEFT(409),
    CARD_PASSWORD_WRONG(422),
    CARD_PASSWORD_NOT_SET(409),
    CARD_PASSWORD_LOCKED(429),
    POLICY_INVALID(400),
    CONCURRENT_CHANGE(409),
    IDEMPOTENCY_KEY_REUSED(422),
    NATIONAL_HUB_UNREACHABLE(503),
    EVENT_BROKER_UNREACHABLE(503),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    LIBRARY_NOT_PERMITTED(403),
    REGION_NOT_PERMITTED(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    UNSUPPORTED_MEDIA_TYPE(415),
    /** Too many requests of one kind from one client (a per-client rate limit): 429 with Retry-After. */
    RATE_LIMITED(429),
    INTERNAL_ERROR(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String messageKo() {
        return Messages.ko(name());
    }

    public String messageEn() {
        return Messages.en(name());
    }

    /** The problem type URI published for this code. */
    public String typeUri() {
        return "https://chaekieum.org/problems/" + name().toLowerCase().replace('_', '-');
    }
}
