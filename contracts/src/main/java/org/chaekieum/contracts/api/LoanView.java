package org.chaekieum.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A loan. {@code degraded} marks a loan made while the national hub could not be asked (see the README's degraded
 * rule); {@code transit} is the item's way home after a return at another library; {@code warnings} are notices for
 * the librarian that did not stop the operation (e.g. a suspended member at a warn-only library). {@code localKey}
 * is the loan's key in the lending library's own system (로컬KEY) when that system reported the loan after the fact.
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
        TransitState transit,
        List<Notice> warnings,
        String localKey) {

    /** A loan with warnings, made at the federation's desk (no local system's key). */
    public LoanView(String loanId, String memberNumber, String libraryCode, String owningLibrary, String itemBarcode,
                    Instant checkedOutAt, LocalDate dueOn, int renewals, int renewalsLeft, LoanStatus status,
                    boolean degraded, Instant returnedAt, String returnedAtLibrary, TransitState transit,
                    List<Notice> warnings) {
        this(loanId, memberNumber, libraryCode, owningLibrary, itemBarcode, checkedOutAt, dueOn, renewals, renewalsLeft,
                status, degraded, returnedAt, returnedAtLibrary, transit, warnings, null);
    }

    /** A loan without warnings. */
    public LoanView(String loanId, String memberNumber, String libraryCode, String owningLibrary, String itemBarcode,
                    Instant checkedOutAt, LocalDate dueOn, int renewals, int renewalsLeft, LoanStatus status,
                    boolean degraded, Instant returnedAt, String returnedAtLibrary, TransitState transit) {
        this(loanId, memberNumber, libraryCode, owningLibrary, itemBarcode, checkedOutAt, dueOn, renewals, renewalsLeft,
                status, degraded, returnedAt, returnedAtLibrary, transit, null, null);
    }

    /** The same loan with warnings for the librarian. */
    public LoanView withWarnings(List<Notice> notices) {
        return new LoanView(loanId, memberNumber, libraryCode, owningLibrary, itemBarcode, checkedOutAt, dueOn,
                renewals, renewalsLeft, status, degraded, returnedAt, returnedAtLibrary, transit,
                notices == null || notices.isEmpty() ? null : List.copyOf(notices), localKey);
    }
}
