package org.chaekieum.contracts.api;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Body of {@code PUT /api/v1/libraries/{libraryCode}/loan-reports/{localKey}}: a loan a local library system made
 * already and reports after the fact (KOLAS III queues its loan reports and sends them late, in order, sometimes
 * twice). The book is in the member's hands: the report is recorded whatever the rules would have said, and a rule it
 * overrode is marked and reported. {@code localKey} (로컬KEY) is the loan's key in the library's own system; one loan
 * per library and key.
 *
 * @param memberNumber the unified member number
 * @param itemBarcode  the item (책이음 통합바코드)
 * @param checkedOutAt when the loan was made at the desk
 * @param dueOn        the due date the desk gave
 */
public record LoanReport(String memberNumber, String itemBarcode, Instant checkedOutAt, LocalDate dueOn) {

    /** Longest local key (로컬KEY). */
    public static final int LOCAL_KEY_MAX = 64;
}
