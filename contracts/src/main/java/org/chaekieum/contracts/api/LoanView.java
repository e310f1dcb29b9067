package org.chaekieum.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A loan. {@code degraded} marks a loan made while the national hub could not be asked (see the README's degraded
 * rule); {@code transit} is the item's way home after a return at another library.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoanView(
        String loanId,
        String memberNumber,
        String libraryCode,
        String owningLibrary,
        String itemBarcode,
        Instant checkedOutAt,
        LocalDate dueOn,
        int renewals,
        int renewalsLeft,
        LoanStatus status,
        boolean degraded,
        Instant returnedAt,
        String returnedAtLibrary,
        TransitState transit) {
}
