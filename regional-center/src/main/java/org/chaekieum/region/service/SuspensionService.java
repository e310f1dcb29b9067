package org.chaekieum.region.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.chaekieum.contracts.api.SuspensionPolicy;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.outbox.Outbox;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.region.repository.Member;
import org.jboss.logging.Logger;

/**
 * Suspensions earned by late returns (대출정지). A loan lives in its owning library's region, so a return anywhere ends
 * here, and the owning library's policy applies (its closed days too). The items of the member returned late to that
 * library on the same day are counted together (largest or sum, by the policy), so the order of the returns does not
 * matter. The member's suspension only ever moves later; each change is announced as member.suspended.v1 through the
 * outbox.
 */
@ApplicationScoped
public class SuspensionService {

    private static final Logger LOG = Logger.getLogger(SuspensionService.class);

    @Inject
    PolicyService policies;

    @Inject
    ClosedDays closedDays;

    @Inject
    Outbox outbox;

    @Inject
    RegionConfig region;

    @Inject
    Clock clock;

    /** After a loan ended (in the same transaction): suspends the member if the return was late. */
    public void onReturn(Loan loan) {
        ZoneId zone = clock.getZone();
        LocalDate returnedOn = LocalDate.ofInstant(loan.returnedAt, zone);
        if (loan.memberNumber == null || !returnedOn.isAfter(loan.dueOn)) {
            return;
        }
        SuspensionPolicy policy = policies.of(loan.libraryCode).suspension();
        Member.getEntityManager().flush();
        Instant dayStart = returnedOn.atStartOfDay(zone).toInstant();
        Instant dayEnd = returnedOn.plusDays(1).atStartOfDay(zone).toInstant();
        List<SuspensionRules.LateReturn> items = new ArrayList<>();
        for (Loan returned : Loan.<Loan>list("memberNumber = ?1 and libraryCode = ?2 and returnedAt >= ?3 "
                + "and returnedAt < ?4", loan.memberNumber, loan.libraryCode, dayStart, dayEnd)) {
            LocalDate on = LocalDate.ofInstant(returned.returnedAt, zone);
            if (on.isAfter(returned.dueOn)) {
                items.add(new SuspensionRules.LateReturn(returned.dueOn, on));
            }
        }
        LocalDate earliestDue = items.stream().map(SuspensionRules.LateReturn::dueOn).min(LocalDate::compareTo)
                .orElse(loan.dueOn);
        Set<LocalDate> closed = Boolean.TRUE.equals(policy.skipClosedDays())
                ? closedDays.between(loan.libraryCode, earliestDue.plusDays(1), returnedOn) : Set.of();
        long days = SuspensionRules.suspensionDays(policy, items, closed);
        LocalDate until = SuspensionRules.suspendedUntil(returnedOn, days, null);
        if (until == null) {
            return;
        }
        long overdue = items.stream().mapToLong(i -> SuspensionRules.overdueDays(i,
                Boolean.TRUE.equals(policy.skipClosedDays()), closed)).sum();
        String reason = "Late return at " + loan.libraryCode + ": " + items.size() + " item(s), " + overdue
                + " overdue day(s) in all, " + days + " day(s) of suspension";
        Instant now = clock.instant();
        // Only ever later: a longer suspension already running stays as it is.
        int changed = Member.getEntityManager().createNativeQuery("""
                        update member set suspended_until = ?2, suspended_by_library = ?3, suspension_reason = ?4,
                            suspension_set_at = ?5
                        where member_number = ?1 and (suspended_until is null or suspended_until < ?2)
                        """)
                .setParameter(1, loan.memberNumber)
                .setParameter(2, until)
                .setParameter(3, loan.libraryCode)
                .setParameter(4, reason)
                .setParameter(5, now)
                .executeUpdate();
        if (changed == 0) {
            LOG.debugf("member %s already suspended at least until %s", loan.memberNumber, until);
            return;
        }
        outbox.append(new MemberSuspended(loan.memberNumber, until, loan.libraryCode, reason, now, region.id()));
        LOG.infof("member %s suspended until %s by %s (late return, %d day(s))", loan.memberNumber, until,
                loan.libraryCode, days);
    }
}
