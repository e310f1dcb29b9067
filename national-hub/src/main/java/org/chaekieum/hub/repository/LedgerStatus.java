package org.chaekieum.hub.repository;

/** State of a loan in the national ledger. RESERVED and ACTIVE count against the national cap. */
public enum LedgerStatus {
    /** A region holds a place for a loan it has not confirmed yet. Counted until confirmed or released. */
    RESERVED,
    /** The loan exists (loan.created arrived, or the region said so). Counted. */
    ACTIVE,
    /** The loan ended. */
    RETURNED,
    /** The region gave the place back (commit failed) or answered that the loan does not exist. */
    RELEASED;

    public boolean counted() {
        return this == RESERVED || this == ACTIVE;
    }
}
