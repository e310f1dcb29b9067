package org.chaekieum.contracts.api;

import java.time.LocalDate;

/**
 * A region asks the hub for a place under the member's national cap before it commits a loan
 * ({@code POST /api/v1/national/loan-reservations}). The hub counts the reservation until the loan's event confirms it
 * or the region releases it; an unconfirmed reservation is settled by asking the region, never by expiry. The hub
 * also refuses a member suspended anywhere in the federation, unless {@code warnOnly} (the library lends to suspended
 * members with a warning); null means false.
 */
public record LoanReservationRequest(String loanId, String memberNumber, String libraryCode, String region,
                                     String itemBarcode, LocalDate dueOn, Boolean warnOnly)
        implements RegionBound {

    /** Longest loan id: letters, digits, '-' and '_' (a UUID in practice; the ledger's column). */
    public static final int LOAN_ID_MAX = 36;
    /**
     * Longest region id. {@code dueOn} lies from {@link FieldChecks#EARLIEST_DATE} through
     * {@link FieldChecks#LATEST_DATE}.
     */
    public static final int REGION_MAX = FieldChecks.REGION_ID_MAX;

    /** A reservation at a library that refuses suspended members. */
    public LoanReservationRequest(String loanId, String memberNumber, String libraryCode, String region,
                                  String itemBarcode, LocalDate dueOn) {
        this(loanId, memberNumber, libraryCode, region, itemBarcode, dueOn, null);
    }

    @Override
    public String actingRegion() {
        return region;
    }

    @Override
    public String actingLibrary() {
        return libraryCode;
    }
}
