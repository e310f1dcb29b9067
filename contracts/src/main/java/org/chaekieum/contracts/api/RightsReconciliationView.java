package org.chaekieum.contracts.api;

import java.time.Instant;
import java.util.List;

/**
 * A reconciliation of the national cap's rights (issue 17): every member that has rights in the hub's ledger or in a
 * region's reports, checked at {@code checkedAt}; members whose rights moved in the last {@code settleSeconds} are
 * left for the next check (a move's event may still be on its way). {@code differences} lists the first ones found,
 * at most {@code listedAtMost}; {@code differencesFound} counts them all.
 */
public record RightsReconciliationView(Instant checkedAt, long settleSeconds, long membersChecked,
                                       long membersSettling, long differencesFound, int listedAtMost,
                                       List<RightsDifference> differences) {
    public RightsReconciliationView {
        differences = List.copyOf(differences);
    }
}
