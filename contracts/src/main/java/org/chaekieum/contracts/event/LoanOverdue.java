package org.chaekieum.contracts.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * loan.overdue.v1 (region -> hub and any notice service): the daily overdue run found the loan past its due date, once
 * per loan. For overdue notices to the member; the suspension itself is earned when the item comes back.
 */
public record LoanOverdue(String loanId, String memberNumber, String libraryCode, String itemBarcode, LocalDate dueOn,
                          long overdueDays, Instant markedAt) implements EventPayload {
    public LoanOverdue {
        Required.field(loanId, "loanId");
        Required.field(memberNumber, "memberNumber");
        Required.field(libraryCode, "libraryCode");
        Required.field(itemBarcode, "itemBarcode");
        Required.field(dueOn, "dueOn");
        Required.field(markedAt, "markedAt");
    }
}
