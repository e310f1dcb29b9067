package org.chaekieum.contracts.api;

/**
 * The hub's answer to a {@link RightsRequest}: {@code granted} rights moved to {@code region} by this move (0 when none
 * was unallocated), and {@code held}, what the region holds for the member in the hub's ledger after it. The same
 * {@code moveId} again answers the same {@code granted}.
 */
public record RightsGrant(String memberNumber, String region, String moveId, int granted, int held, int cap,
                          int unallocated) {
}
