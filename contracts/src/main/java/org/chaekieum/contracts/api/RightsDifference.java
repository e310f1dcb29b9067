package org.chaekieum.contracts.api;

/**
 * One difference reconciliation found between the hub's ledger of a member's rights and a region (issue 17).
 * {@code ledger} and {@code regionHeld} count what each side says the region holds, each never fewer than
 * {@code openLoans}, the member's open loans there as the hub's loan ledger has them; {@code regionHeld} is null for a
 * kind that compares the member as a whole ({@code OVER_CAP}, then {@code ledger} is the sum over regions).
 *
 * <ul>
 *   <li>{@code LEDGER_AHEAD}: the ledger gives the region rights it does not hold; they are lost until repaired,
 *       and the member may be refused below the cap.</li>
 *   <li>{@code REGION_AHEAD}: the region holds rights the ledger does not give it; the cap may be overrun.</li>
 *   <li>{@code OVER_CAP}: the regions' rights or open loans of the member add up to more than the cap (loans
 *       lent under the degraded rule, or a cap lowered below what regions hold).</li>
 * </ul>
 */
public record RightsDifference(String memberNumber, String region, Kind kind, int ledger, Integer regionHeld,
                               int openLoans, int cap) {

    /** What differs; see the type's description. */
    public enum Kind {
        LEDGER_AHEAD,
        REGION_AHEAD,
        OVER_CAP
    }
}
