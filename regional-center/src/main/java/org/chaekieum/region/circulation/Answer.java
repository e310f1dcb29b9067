package org.chaekieum.region.circulation;

import org.chaekieum.contracts.api.LoanView;

/** A circulation answer with its HTTP status (201 for a new loan, 200 for a repeated request's saved answer). */
public record Answer(int status, LoanView loan) {
}
