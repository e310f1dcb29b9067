package org.chaekieum.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What became of a report of a local library system ({@code /loan-reports/...}).
 *
 * @param libraryCode the reporting library
 * @param localKey    the loan's key in the library's system (로컬KEY)
 * @param state       APPLIED (the federation's records show it), or WAITING (kept, applied as soon as it can be:
 *                    {@code waitingFor} says what it waits for, e.g. MEMBER_NOT_FOUND until the member's import
 *                    reaches this region, ITEM_ON_LOAN until the item's previous loan ends, LOAN_NOT_FOUND for a return
 *                    reported before its loan)
 * @param waitingFor  the error code of what holds a WAITING report
 * @param overrode    the rules an applied loan report went past (e.g. MEMBER_SUSPENDED, NATIONAL_CAP_REACHED,
 *                    LIBRARY_CAP_REACHED): the loan is recorded, marked degraded, counted and reported to the hub
 * @param loan        the loan, once applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoanReportView(String libraryCode, String localKey, State state, String waitingFor,
                             List<String> overrode, LoanView loan) {

    /** Whether a report is in the federation's records yet. */
    public enum State { APPLIED, WAITING }
}
