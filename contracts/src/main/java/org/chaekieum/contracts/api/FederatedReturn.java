package org.chaekieum.contracts.api;

import java.time.Instant;

/**
 * A return at a library of another region, routed by the hub to the region of the item's owning library
 * ({@code POST /api/v1/national/returns}, then {@code POST /api/v1/federation/returns}). The loan ends at
 * {@code returnedAt}, the moment of the return at the desk.
 */
public record FederatedReturn(String itemBarcode, String returnedAtLibrary, Instant returnedAt, String requestingRegion)
        implements RegionBound {

    /**
     * Longest requesting region id. {@code returnedAt} lies from {@link FieldChecks#EARLIEST_INSTANT} to before
     * {@link FieldChecks#LATEST_INSTANT}.
     */
    public static final int REQUESTING_REGION_MAX = FieldChecks.REGION_ID_MAX;

    @Override
    public String actingRegion() {
        return requestingRegion;
    }

    @Override
    public String actingLibrary() {
        return returnedAtLibrary;
    }
}
