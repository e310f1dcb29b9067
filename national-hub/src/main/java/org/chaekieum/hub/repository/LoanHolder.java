package org.chaekieum.hub.repository;

import java.util.Optional;

/**
 * Whose loan a ledger entry is (null once the retention took the number off) and its status: what a reservation or a
 * loan event checks first, without loading the whole row (the ledger changes rows with native statements).
 */
public record LoanHolder(String memberNumber, LedgerStatus status) {

    /** The entry of this loan id, if the ledger has one. */
    public static Optional<LoanHolder> of(String loanId) {
        return NationalLoan.getEntityManager().createQuery("""
                        select new org.chaekieum.hub.repository.LoanHolder(l.memberNumber, l.status)
                        from NationalLoan l where l.loanId = ?1""", LoanHolder.class)
                .setParameter(1, loanId)
                .getResultStream()
                .findFirst();
    }
}
