package org.chaekieum.contracts.api;

import java.time.LocalDate;

/**
 * Body of {@code PATCH /api/v1/libraries/{libraryCode}/loan-reports/{localKey}}: the desk changed a reported loan's due
 * date (a renewal, or a correction). {@code renewals}, when given, is the loan's renewal count after the change.
 */
public record LoanChangeReport(LocalDate dueOn, Integer renewals) {
}
