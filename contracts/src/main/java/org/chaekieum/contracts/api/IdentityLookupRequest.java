package org.chaekieum.contracts.api;

/** Body of the hub's identity look-up. Sent in a body, not a URL, so that the hash stays out of access logs. */
public record IdentityLookupRequest(String identityHash) {

    /** Longest identity hash (the hub's column). */
    public static final int IDENTITY_HASH_MAX = ProfileTransferRequest.IDENTITY_HASH_MAX;
}
