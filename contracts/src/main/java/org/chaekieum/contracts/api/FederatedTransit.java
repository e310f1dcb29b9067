package org.chaekieum.contracts.api;

/**
 * A transit step (SHIPPED, BACK_HOME) taken at a library of another region than the item's owner: the library where
 * the item was returned ships it home. Routed by the hub to the owning region ({@code POST /api/v1/national/transits},
 * then {@code POST /api/v1/federation/transits}), where the loan and its transit state live.
 */
public record FederatedTransit(String itemBarcode, String atLibrary, TransitState state, String requestingRegion)
        implements RegionBound {

    /** Longest requesting region id. */
    public static final int REQUESTING_REGION_MAX = FieldChecks.REGION_ID_MAX;

    @Override
    public String actingRegion() {
        return requestingRegion;
    }

    @Override
    public String actingLibrary() {
        return atLibrary;
    }
}
