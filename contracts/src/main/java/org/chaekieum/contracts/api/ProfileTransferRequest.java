package org.chaekieum.contracts.api;

import java.time.Instant;

/**
 * A request for a member's profile, from the importing region to the hub and from the hub to the member's home region.
 *
 * @param requestingRegion the region that asks
 * @param libraryCode      the library the profile is for
 * @param identityHash     keyed hash of the identity key presented at that library; must match the member's
 * @param consentAt        when the member consented to the transfer
 * @param requestedBy      who asked, for the audit records
 * @param purpose          IMPORT (a new registration) or REFRESH (the home region announced a change)
 */
public record ProfileTransferRequest(String requestingRegion, String libraryCode, String identityHash, Instant consentAt,
                                     String requestedBy, Purpose purpose)
        implements RegionBound {

    /** Longest requesting region id. */
    public static final int REQUESTING_REGION_MAX = FieldChecks.REGION_ID_MAX;
    /** Longest identity hash (the hub's column; the regions send 64 hex digits of HMAC-SHA256). */
    public static final int IDENTITY_HASH_MAX = 128;
    /** Longest "requested by" (the audit's column). */
    public static final int REQUESTED_BY_MAX = 100;

    public enum Purpose {
        IMPORT,
        REFRESH
    }

    @Override
    public String actingRegion() {
        return requestingRegion;
    }

    @Override
    public String actingLibrary() {
        return libraryCode;
    }
}
