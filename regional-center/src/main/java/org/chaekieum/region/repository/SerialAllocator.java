package org.chaekieum.region.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Issues member serials per library and year. The increment row stays locked until the enrolling transaction ends, so
 * concurrent enrollments at one library queue on it, and a rolled-back enrollment gives its serial back: no gaps, no
 * duplicates.
 */
@ApplicationScoped
public class SerialAllocator {

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public int next(String libraryCode, int yearOfIssue) {
        Number serial = (Number) em.createNativeQuery("""
                        insert into member_serial (library_code, year_of_issue, last_serial) values (?1, ?2, 1)
                        on conflict (library_code, year_of_issue)
                        do update set last_serial = member_serial.last_serial + 1
                        returning last_serial""")
                .setParameter(1, libraryCode)
                .setParameter(2, (short) yearOfIssue)
                .getSingleResult();
        return serial.intValue();
    }

    /**
     * Raises the library's last serial of that year to at least {@code serial} (a number a library's own system issued
     * already), so that the serials issued here later never collide with it. In the caller's transaction; the row stays
     * locked until it ends, as for {@link #next}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void atLeast(String libraryCode, int yearOfIssue, int serial) {
        em.createNativeQuery("""
                        insert into member_serial (library_code, year_of_issue, last_serial) values (?1, ?2, ?3)
                        on conflict (library_code, year_of_issue)
                        do update set last_serial = greatest(member_serial.last_serial, excluded.last_serial)""")
                .setParameter(1, libraryCode)
                .setParameter(2, (short) yearOfIssue)
                .setParameter(3, serial)
                .executeUpdate();
    }
}
