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
                                     String requestedBy, Purpose purpose) {

    public enum Purpose {
        IMPORT,
        REFRESH
    }
}
