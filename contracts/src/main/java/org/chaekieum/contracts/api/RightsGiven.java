package org.chaekieum.contracts.api;

/**
 * A region's answer to a {@link RightsGiveRequest}: {@code given} rights left the region by this move (at most what
 * was asked, at most its free rights, 0 when all are taken by loans), and {@code held}, what it holds after.
 */
public record RightsGiven(String memberNumber, String moveId, int given, int held) {
}
