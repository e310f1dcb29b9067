package org.chaekieum.hub.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** How many open loans (reserved and active) a member has at one library, and when the latest of them changed. */
public record OpenLoanCount(String memberNumber, String libraryCode, long open, Instant lastChanged) {

    /** The open loans of these members, per member and library. */
    public static List<OpenLoanCount> ofMembers(Collection<String> memberNumbers) {
        return NationalLoan.getEntityManager().createQuery("""
                        select new org.chaekieum.hub.repository.OpenLoanCount(l.memberNumber, l.libraryCode, count(l),
                            max(l.updatedAt))
                        from NationalLoan l where l.memberNumber in ?1 and l.status in ?2
                        group by l.memberNumber, l.libraryCode""", OpenLoanCount.class)
                .setParameter(1, memberNumbers)
                .setParameter(2, List.of(LedgerStatus.RESERVED, LedgerStatus.ACTIVE))
                .getResultList();
    }
}
