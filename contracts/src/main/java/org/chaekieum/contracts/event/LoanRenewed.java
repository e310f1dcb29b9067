package org.chaekieum.contracts.event;

import java.time.Instant;
import java.time.LocalDate;

/** loan.renewed.v1 (region -> hub). */
public record LoanRenewed(String loanId, String memberNumber, LocalDate dueOn, int renewals, Instant renewedAt)
        implements EventPayload {
    public LoanRenewed {
        Required.field(loanId, "loanId");
        Required.field(memberNumber, "memberNumber");
        Required.field(dueOn, "dueOn");
        Required.field(renewedAt, "renewedAt");
    }
}
