package org.chaekieum.contracts.api;

/**
 * Body of {@code PATCH /api/v1/libraries/{libraryCode}/members/{memberNumber}} at the member's home region. Absent
 * fields stay as they are. Text fields so that every mistake is reported at once.
 *
 * @param phone             new phone
 * @param address           new address ("" clears it)
 * @param category          FULL or ASSOCIATE (e.g. an associate converted after residence verification)
 * @param categoryModifier  MULTI_CHILD, or "" to remove the modifier
 * @param modifierExpiresOn YYYY-MM-DD, required with a modifier, after today
 * @param status            NORMAL or EXPELLED (withdrawal has its own request)
 * @param statusReason      why, with a status change
 * @param requestedBy       who changed it
 */
public record MemberUpdateRequest(String phone, String address, String category, String categoryModifier,
                                  String modifierExpiresOn, String status, String statusReason, String requestedBy) {

    /** Longest phone number text, dashes included (the member's column). */
    public static final int PHONE_MAX = EnrollmentRequest.PHONE_MAX;
    /** Longest address; free text, line breaks allowed (the member's column). */
    public static final int ADDRESS_MAX = EnrollmentRequest.ADDRESS_MAX;
    /** Longest category text (FULL or ASSOCIATE). */
    public static final int CATEGORY_MAX = EnrollmentRequest.CATEGORY_MAX;
    /** Longest category modifier text (the member's column). */
    public static final int CATEGORY_MODIFIER_MAX = 20;
    /** Longest expiry date text: YYYY-MM-DD. */
    public static final int MODIFIER_EXPIRES_ON_MAX = 10;
    /** Longest status text (NORMAL or EXPELLED). */
    public static final int STATUS_MAX = 16;
    /** Longest status reason; free text (the member's column). */
    public static final int STATUS_REASON_MAX = 300;
    /** Longest "requested by". */
    public static final int REQUESTED_BY_MAX = 100;
}
