package org.chaekieum.hub.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Takes the member's number off ended loans of the national ledger (returned loans and released reservations) and off
 * cap overruns. Anonymised means the number is set to null, nothing else changes: the row keeps its loan id, library,
 * item (and so its owner), region, dates, transit and degraded flag, so the dashboard's series, the transits and the
 * overruns' scope read the same, and the national cap, which counts open loans only, is not touched. No token takes
 * the number's place: a token would still tie one person's loans together.
 */
@ApplicationScoped
public class LoanAnonymiser {

    private static final String ENDED = "status in ('RETURNED', 'RELEASED')";

    @Inject
    EntityManager em;

    /** Rows anonymised for one member (at withdrawal). */
    public record Anonymised(int loans, int overruns) {
    }

    /** The member's ended loans and overruns, in the caller's transaction (the withdrawal's). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Anonymised anonymiseMember(String memberNumber) {
        int loans = em.createNativeQuery("update national_loan set member_number = null "
                        + "where member_number = cast(?1 as bpchar) and " + ENDED)
                .setParameter(1, memberNumber)
                .executeUpdate();
        int overruns = em.createNativeQuery("update cap_overrun set member_number = null "
                        + "where member_number = cast(?1 as bpchar)")
                .setParameter(1, memberNumber)
                .executeUpdate();
        return new Anonymised(loans, overruns);
    }

    /** At most {@code batch} loans that ended (returned, or released) before {@code cutoff}; in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int anonymiseLoansEndedBefore(Instant cutoff, int batch) {
        return em.createNativeQuery("update national_loan set member_number = null where loan_id in ("
                        + "select loan_id from national_loan where member_number is not null and " + ENDED
                        + " and coalesce(returned_at, updated_at) < ?1 limit ?2)")
                .setParameter(1, cutoff)
                .setParameter(2, batch)
                .executeUpdate();
    }

    /** At most {@code batch} overruns detected before {@code cutoff}; in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int anonymiseOverrunsBefore(Instant cutoff, int batch) {
        return em.createNativeQuery("update cap_overrun set member_number = null where id in ("
                        + "select id from cap_overrun where member_number is not null and detected_at < ?1 limit ?2)")
                .setParameter(1, cutoff)
                .setParameter(2, batch)
                .executeUpdate();
    }
}
