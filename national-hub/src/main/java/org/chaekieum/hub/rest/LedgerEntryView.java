package org.chaekieum.hub.rest;

import java.time.LocalDate;

/**
 * One loan of the national ledger, for reconciliation against a region's loans. {@code memberNumber} is null for an
 * ended loan anonymised by the retention ({@code chaekieum.hub.loan-retention}) or a withdrawal.
 */
public record LedgerEntryView(String loanId, String memberNumber, String libraryCode, String region, String status,
                              boolean degraded, LocalDate dueOn) {
}
