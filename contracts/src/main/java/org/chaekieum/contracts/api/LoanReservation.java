package org.chaekieum.contracts.api;

import java.util.Map;

/**
 * The hub granted a place: the member's count including this loan, and the cap. {@code suspension} is set when the
 * member is suspended and the library asked as warn-only: the loan goes ahead, with a warning.
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record LoanReservation(String loanId, int nationalCap, int activeLoans, Map<String, Integer> loansPerLibrary,
                              SuspensionView suspension) {

    /** A place granted to a member who is not suspended. */
    public LoanReservation(String loanId, int nationalCap, int activeLoans, Map<String, Integer> loansPerLibrary) {
        this(loanId, nationalCap, activeLoans, loansPerLibrary, null);
    }
}
