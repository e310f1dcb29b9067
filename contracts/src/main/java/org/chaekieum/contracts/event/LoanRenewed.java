package org.chaekieum.contracts.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * loan.renewed.v1 (region -> hub). {@code libraryCode} is the library that lent the item (where the renewal is
 * counted); null in events written before the field existed.
 */
public record LoanRenewed(String loanId, String memberNumber, LocalDate dueOn, int renewals, Instant renewedAt,
                          String libraryCode) implements EventPayload {

    /** A renewal without its library, as events were written before the field existed. */
    public LoanRenewed(String loanId, String memberNumber, LocalDate dueOn, int renewals, Instant renewedAt) {
        this(loanId, memberNumber, dueOn, renewals, renewedAt, null);
    }

    public LoanRenewed {
        Required.field(loanId, "loanId");
        Required.field(memberNumber, "memberNumber");
        Required.field(dueOn, "dueOn");
        Required.field(renewedAt, "renewedAt");
    }
}
