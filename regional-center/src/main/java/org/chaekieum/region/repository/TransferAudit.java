package org.chaekieum.region.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Audit records of member data transfers (member_transfer_audit). They hold no personal data of the member. */
@ApplicationScoped
public class TransferAudit {

    /** Where the record was written, relative to the transfer. */
    public enum Direction {
        /** At the home region: the profile left for another region. */
        OUTGOING,
        /** At the importing region: the profile arrived (or was asked for). */
        INCOMING,
        /** An import within one region: nothing crossed a region. */
        LOCAL
    }

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String memberNumber, Direction direction, String requestingRegion, String libraryCode,
                       String requestedBy, String purpose, List<String> fields, Instant consentAt, String outcome,
                       Instant at) {
        em.createNativeQuery("""
                        insert into member_transfer_audit (member_number, direction, requesting_region, library_code,
                            requested_by, purpose, fields, consent_at, outcome, created_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)""")
                .setParameter(1, memberNumber)
                .setParameter(2, direction.name())
                .setParameter(3, requestingRegion)
                .setParameter(4, libraryCode)
                .setParameter(5, requestedBy)
                .setParameter(6, purpose)
                .setParameter(7, String.join(",", fields))
                .setParameter(8, consentAt)
                .setParameter(9, outcome)
                .setParameter(10, at)
                .executeUpdate();
    }
}
