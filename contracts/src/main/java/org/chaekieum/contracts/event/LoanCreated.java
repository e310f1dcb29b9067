package org.chaekieum.contracts.event;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * loan.created.v1 (region -> hub): a loan was committed. Confirms the hub's reservation; a {@code degraded} loan was
 * made without one (hub unreachable) and is counted, and checked against the cap, when it arrives. A loan that a local
 * library system reported after the fact is degraded too; {@code overrode} names the rules it went past (error codes,
 * e.g. MEMBER_SUSPENDED), which the hub records as an overrun; null or empty when none.
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
        boolean degraded,
        List<String> overrode) implements EventPayload {

    /** A loan made at a desk of the federation: it overrode no rule. */
    public LoanCreated(String loanId, String memberNumber, String libraryCode, String owningLibrary,
                       String itemBarcode, String region, Instant checkedOutAt, LocalDate dueOn, boolean degraded) {
        this(loanId, memberNumber, libraryCode, owningLibrary, itemBarcode, region, checkedOutAt, dueOn, degraded,
                null);
    }

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
