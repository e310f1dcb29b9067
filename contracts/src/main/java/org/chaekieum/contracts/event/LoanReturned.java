package org.chaekieum.contracts.event;

import java.time.Instant;

/** loan.returned.v1 (region -> hub): the loan ended at {@code returnedAt}, at {@code returnedAtLibrary}. */
public record LoanReturned(String loanId, String memberNumber, String libraryCode, String returnedAtLibrary,
                           Instant returnedAt) implements EventPayload {
    public LoanReturned {
        Required.field(loanId, "loanId");
        Required.field(memberNumber, "memberNumber");
        Required.field(libraryCode, "libraryCode");
        Required.field(returnedAtLibrary, "returnedAtLibrary");
        Required.field(returnedAt, "returnedAt");
    }
}
