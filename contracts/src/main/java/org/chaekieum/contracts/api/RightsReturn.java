package org.chaekieum.contracts.api;

/**
 * A region gave {@code count} of a member's rights back to the hub: it debited itself first, under its member lock, so
 * the hub only records what already left the region. {@code moveId} names the give; the same id again changes nothing.
 */
public record RightsReturn(String region, String moveId, Integer count) implements RegionBound {

    @Override
    public String actingRegion() {
        return region;
    }

    @Override
    public String actingLibrary() {
        return null;
    }
}
