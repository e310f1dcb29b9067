package org.chaekieum.contracts.event;

import java.time.Instant;
import org.chaekieum.contracts.api.TransitState;

/**
 * loan.transit-changed.v1 (region -> hub): an item returned away from its owning library moved on (SHIPPED,
 * BACK_HOME), at {@code changedAtLibrary}. States only move forward. {@code memberNumber} is null when the member's
 * data was erased after the return (the loan history is kept anonymised); the event then has no subject.
 */
public record LoanTransitChanged(String loanId, String memberNumber, String libraryCode, String itemBarcode,
                                 String returnedAtLibrary, TransitState state, String changedAtLibrary,
                                 Instant changedAt) implements EventPayload {
    public LoanTransitChanged {
        Required.field(loanId, "loanId");
        Required.field(libraryCode, "libraryCode");
        Required.field(itemBarcode, "itemBarcode");
        Required.field(returnedAtLibrary, "returnedAtLibrary");
        Required.field(state, "state");
        Required.field(changedAtLibrary, "changedAtLibrary");
        Required.field(changedAt, "changedAt");
    }
}
