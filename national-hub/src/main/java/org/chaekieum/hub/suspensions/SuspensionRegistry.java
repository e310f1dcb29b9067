package org.chaekieum.hub.suspensions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.contracts.api.SuspensionView;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.MemberSuspensionLifted;
import org.chaekieum.contracts.event.SuspensionChanged;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.ledger.LedgerService;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * The federation's running suspensions (대출정지), from the regions' member.suspended events: one per member and
 * library that set it, only ever moved later; the member's suspension is the longest. An operator's lift ends the
 * ones set in the operator's region; a library system's lift the one its library set. The hub refuses reservations
 * of a suspended member ({@link LedgerService#reserve}), so a suspension set in one region holds at every library of
 * every region as soon as its event is applied here.
 */
@ApplicationScoped
public class SuspensionRegistry {

    private static final Logger LOG = Logger.getLogger(SuspensionRegistry.class);

    /** Suspension days are Korean calendar days. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Seoul");

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    /** member.suspended: recorded unless a suspension running at least as long is already known. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onSuspended(MemberSuspended event, Instant now) {
        int changed = em.createNativeQuery("""
                        insert into national_suspension (member_number, suspended_until, set_by_library, set_by_region,
                            reason, set_at, updated_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        on conflict (member_number, set_by_library) do update set
                            suspended_until = excluded.suspended_until, set_by_region = excluded.set_by_region,
                            reason = excluded.reason, set_at = excluded.set_at, updated_at = excluded.updated_at
                        where national_suspension.suspended_until < excluded.suspended_until
                        """)
                .setParameter(1, event.memberNumber())
                .setParameter(2, event.suspendedUntil())
                .setParameter(3, event.setByLibrary())
                .setParameter(4, event.region())
                .setParameter(5, event.reason().length() > 300 ? event.reason().substring(0, 300) : event.reason())
                .setParameter(6, event.setAt())
                .setParameter(7, now)
                .executeUpdate();
        LOG.infof("member %s suspended until %s by %s (region %s)%s", event.memberNumber(), event.suspendedUntil(),
                event.setByLibrary(), event.region(), changed == 0 ? ": a longer suspension already runs" : "");
        if (changed > 0) {
            announce(event.memberNumber(), now);
        }
    }

    /**
     * Tells every region the member's suspension as the federation now knows it (the longest running, or none): its
     * end and the library that set it, which is all a region needs to refuse. The reason, free text a library or an
     * operator wrote, is not broadcast (null; the field stays in the event for compatibility): it stays with the
     * region that set it, and at the hub only while the suspension runs.
     */
    private void announce(String memberNumber, Instant now) {
        Optional<SuspensionView> effective = running(memberNumber, LocalDate.now(clock.withZone(ZONE)));
        outbox.append(new SuspensionChanged(memberNumber,
                effective.map(SuspensionView::suspendedUntil).orElse(null),
                effective.map(SuspensionView::setByLibrary).orElse(null), null, now), now);
    }

    /**
     * The member withdrew (or was erased): every suspension the hub keeps of the number goes, reasons included, and the
     * regions are told there is none (they drop theirs). Runs in the caller's transaction; answers how many went.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int eraseMember(String memberNumber, Instant now) {
        int erased = em.createNativeQuery("delete from national_suspension where member_number = cast(?1 as bpchar)")
                .setParameter(1, memberNumber)
                .executeUpdate();
        if (erased > 0) {
            announce(memberNumber, now);
        }
        return erased;
    }

    /**
     * At most {@code batch} suspensions that ended before {@code today} (their last day is past), reasons included: a
     * suspension that no longer runs refuses nothing, and nothing at the hub reads it. In a transaction of its own.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteEnded(LocalDate today, int batch) {
        return em.createNativeQuery("delete from national_suspension where (member_number, set_by_library) in ("
                        + "select member_number, set_by_library from national_suspension where suspended_until < ?1 "
                        + "limit ?2)")
                .setParameter(1, today)
                .setParameter(2, batch)
                .executeUpdate();
    }

    /**
     * member.suspension-lifted: without a library (an operator's lift), the suspensions set by that region's libraries
     * end; with one (a library system's lift), only the suspension set by that library of the region ends. Others
     * stay; every region is then told the member's suspension as it now stands.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onLifted(MemberSuspensionLifted event, Instant now) {
        int lifted;
        if (event.libraryCode() == null) {
            lifted = em.createNativeQuery("delete from national_suspension where member_number = cast(?1 as bpchar) "
                            + "and set_by_region = ?2")
                    .setParameter(1, event.memberNumber())
                    .setParameter(2, event.region())
                    .executeUpdate();
            LOG.infof("suspension(s) of member %s set in region %s lifted (%d)", event.memberNumber(), event.region(),
                    lifted);
        } else {
            lifted = em.createNativeQuery("delete from national_suspension where member_number = cast(?1 as bpchar) "
                            + "and set_by_region = ?2 and set_by_library = cast(?3 as bpchar)")
                    .setParameter(1, event.memberNumber())
                    .setParameter(2, event.region())
                    .setParameter(3, event.libraryCode())
                    .executeUpdate();
            LOG.infof("suspension of member %s set by library %s (region %s) lifted (%d)", event.memberNumber(),
                    LogSafe.clip(event.libraryCode(), 16), event.region(), lifted);
        }
        announce(event.memberNumber(), now);
    }

    /** The member's longest suspension still running on {@code today}; runs in the caller's transaction. */
    public Optional<SuspensionView> running(String memberNumber, LocalDate today) {
        return views(em.createNativeQuery(SELECT + "where member_number = cast(?1 as bpchar) and suspended_until >= ?2 "
                        + "order by suspended_until desc, set_at desc limit 1")
                .setParameter(1, memberNumber).setParameter(2, today)).stream().findFirst();
    }

    /** Suspensions still running today, the latest set first. */
    @Transactional
    public List<SuspensionView> runningNow(int limit) {
        return views(em.createNativeQuery(SELECT + "where suspended_until >= ?1 order by set_at desc limit ?2")
                .setParameter(1, LocalDate.now(clock.withZone(ZONE))).setParameter(2, limit));
    }

    /** The refusal a checkout of a suspended member gets, naming the end date and the library that set it. */
    public static ProblemException refusal(SuspensionView s) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("suspendedUntil", s.suspendedUntil().toString());
        context.put("suspendedByLibrary", s.setByLibrary());
        context.put("suspendedByRegion", s.setByRegion());
        return ProblemException.because(ErrorCode.MEMBER_SUSPENDED, "until", s.suspendedUntil(), s.setByLibrary())
                .withContext(context);
    }

    private static final String SELECT = "select member_number, suspended_until, set_by_library, set_by_region, "
            + "reason, set_at from national_suspension ";

    private static List<SuspensionView> views(Query query) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new SuspensionView(((String) r[0]).trim(), localDate(r[1]),
                ((String) r[2]).trim(), (String) r[3], (String) r[4], LedgerService.instant(r[5]))).toList();
    }

    private static LocalDate localDate(Object value) {
        return value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
    }

}
