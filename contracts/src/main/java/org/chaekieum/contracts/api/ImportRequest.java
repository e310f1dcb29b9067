package org.chaekieum.contracts.api;

/**
 * Body of {@code POST /api/v1/libraries/{libraryCode}/members/{memberNumber}/import} (반입): a member of any library
 * starts using this one with the same number.
 *
 * @param identityKey   the identity-verification key (CI) from the verification just done at the desk; its keyed hash
 *                      must match the national record of the number
 * @param consents      the member's consent to the transfer of their data to this library
 * @param requestedBy   who asked (staff id or system user at the library), for the audit record
 * @param localPassword the library's own card password for the member, if the library uses one (stored hashed)
 */
public record ImportRequest(String identityKey, Consents consents, String requestedBy, String localPassword) {

    /** Longest identity key (CI); only its keyed hash is kept. */
    public static final int IDENTITY_KEY_MAX = 200;
    /** Longest "requested by" (the registration's and the audit's columns). */
    public static final int REQUESTED_BY_MAX = 100;
    /** Shortest card password (stored hashed). */
    public static final int LOCAL_PASSWORD_MIN = 4;
    /** Longest card password (stored hashed). */
    public static final int LOCAL_PASSWORD_MAX = 64;

    /** @param transfer consent to transfer the member's data to the importing library (required) */
    public record Consents(Boolean transfer) {
    }
}
