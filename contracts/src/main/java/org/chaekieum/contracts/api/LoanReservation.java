package org.chaekieum.contracts.api;

import java.util.Map;

/** The hub granted a place: the member's count including this loan, and the cap. */
public record LoanReservation(String loanId, int nationalCap, int activeLoans, Map<String, Integer> loansPerLibrary) {
}
