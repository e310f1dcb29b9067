package org.chaekieum.contracts.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * loan.created.v1 (region -> hub): a loan was committed. Confirms the hub's reservation; a {@code degraded} loan was
 * made without one (hub unreachable) and is counted, and checked against the cap, when it arrives.
 */
public record LoanCreated(
        String loanId,
        String memberNumber,
        String libraryCode,
        String owningLibrary,
        String itemBarcode,
        String region,
        Instant checkedOutAt,
        LocalDate dueOn,
        boolean degraded) implements EventPayload {
    public LoanCreated {
        Required.field(loanId, "loanId");
        Required.field(memberNumber, "memberNumber");
        Required.field(libraryCode, "libraryCode");
        Required.field(owningLibrary, "owningLibrary");
        Required.field(itemBarcode, "itemBarcode");
        Required.field(region, "region");
        Required.field(checkedOutAt, "checkedOutAt");
        Required.field(dueOn, "dueOn");
    }
}
