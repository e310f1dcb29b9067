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
}
