package org.chaekieum.region.suspensions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.SuspensionLiftRequest;
import org.chaekieum.contracts.api.SuspensionPolicy;
import org.chaekieum.contracts.api.SuspensionRequest;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.MemberSuspensionLifted;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.policies.PolicyService;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.region.repository.Member;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;
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
    /** How a suspension by hand is recorded: this, then the operator's reason ({@link SuspensionRequest#REASON_MAX}). */
    static final String SET_BY_OPERATOR = "Set by an operator: ";
    /** How a suspension set by a library system is recorded: this (as long as the operator's), then the reason. */
    static final String SET_BY_LIBRARY = "Set by the library: ";

    @Inject
    PolicyService policies;

    @Inject
    ClosedDays closedDays;

    @Inject
    EnrollmentService enrollment;

    @Inject
    Outbox outbox;

    @Inject
    RegionConfig region;

    @Inject
    Clock clock;

    /**
     * An operator of this region lifts the member's suspensions set by this region's libraries, here at once and,
     * through member.suspension-lifted.v1 (naming no library: every library of the region), at the hub (suspensions
     * set by other regions stay in force there).
     */
    public void lift(String memberNumber, String reason) {
        List<FieldError> errors = memberAndReasonErrors(memberNumber, reason, SuspensionLiftRequest.REASON_MAX);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            int found = Member.getEntityManager().createNativeQuery("""
                            update member set suspended_until = null, suspended_by_library = null,
                                suspension_reason = null, suspension_set_at = null
                            where member_number = ?1
                            """)
                    .setParameter(1, memberNumber)
                    .executeUpdate();
            if (found == 0) {
                throw new ProblemException(ErrorCode.MEMBER_NOT_FOUND);
            }
            outbox.append(new MemberSuspensionLifted(memberNumber, region.id(),
                    reason.strip(), clock.instant()));
        });
        LOG.infof("suspensions of member %s set in region %s lifted by an operator", memberNumber, region.id());
    }

    /** After a loan ended (in the same transaction): suspends the member if the return was late. */
    public void onReturn(Loan loan) {
        onReturn(loan, loan.returnedAt);
    }

    /**
     * After a loan ended (in the same transaction): suspends the member if the return was late, counted as if the item
     * had been given back at {@code countedAt} (its return time, or when a return reported too late arrived).
     */
    public void onReturn(Loan loan, Instant countedAt) {
        ZoneId zone = clock.getZone();
        LocalDate returnedOn = LocalDate.ofInstant(countedAt, zone);
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
            if (!returned.id.equals(loan.id) && on.isAfter(returned.dueOn)) {
                items.add(new SuspensionRules.LateReturn(returned.dueOn, on));
            }
        }
        items.add(new SuspensionRules.LateReturn(loan.dueOn, returnedOn));
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
        if (suspend(loan.memberNumber, loan.libraryCode, until, reason)) {
            LOG.infof("member %s suspended until %s by %s (late return, %d day(s))", loan.memberNumber, until,
                    loan.libraryCode, days);
        }
    }

    /**
     * An operator of this region suspends a member by hand, for a library of the region, through a date, with a
     * reason; like any suspension it only extends one already running.
     *
     * @return whether the suspension changed (false: one running at least as long already)
     */
    public boolean suspendByHand(String memberNumber, String libraryCode, LocalDate until, String reason) {
        return suspendBy(memberNumber, libraryCode, until, reason, SET_BY_OPERATOR);
    }

    /**
     * A library system of this region suspends a member for its own library, exactly as an operator does (recorded
     * as set by the library).
     *
     * @return whether the suspension changed (false: one running at least as long already)
     */
    public boolean suspendByLibrary(String memberNumber, String libraryCode, LocalDate until, String reason) {
        return suspendBy(memberNumber, libraryCode, until, reason, SET_BY_LIBRARY);
    }

    /**
     * A library system lifts the member's suspension set by its own library: here at once when this region's record
     * of the member's suspension is that library's, and always announced (member.suspension-lifted.v1 naming the
     * library): the hub keeps every library's suspension, this region only the longest, so the library's may run at
     * the hub behind another library's longer one, and must end there too, or it would come back when the longer one
     * is lifted. A suspension set by another library stays (the hub tells every region what still runs).
     *
     * @return whether this region's record of the suspension was that library's and was lifted
     */
    public boolean liftByLibrary(String memberNumber, String libraryCode, String reason) {
        List<FieldError> errors = memberAndReasonErrors(memberNumber, reason, SuspensionLiftRequest.REASON_MAX);
        if (!LibraryCode.isValid(libraryCode)) {
            errors.add(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        enrollment.requireServed(LibraryCode.of(libraryCode));
        boolean lifted = QuarkusTransaction.requiringNew().call(() -> {
            if (Member.byNumber(memberNumber).isEmpty()) {
                throw new ProblemException(ErrorCode.MEMBER_NOT_FOUND);
            }
            int found = Member.getEntityManager().createNativeQuery("""
                            update member set suspended_until = null, suspended_by_library = null,
                                suspension_reason = null, suspension_set_at = null
                            where member_number = ?1 and suspended_by_library = ?2
                            """)
                    .setParameter(1, memberNumber)
                    .setParameter(2, libraryCode)
                    .executeUpdate();
            // Names the library: the hub lifts that library's suspension only, not the region's other ones.
            outbox.append(new MemberSuspensionLifted(memberNumber, region.id(), reason.strip(), clock.instant(),
                    libraryCode));
            return found > 0;
        });
        LOG.infof("suspension of member %s set by %s lifted by the library%s", memberNumber, libraryCode,
                lifted ? "" : " (this region's record is another library's, or none: the hub ends the library's own)");
        return lifted;
    }

    private boolean suspendBy(String memberNumber, String libraryCode, LocalDate until, String reason, String setBy) {
        List<FieldError> errors = memberAndReasonErrors(memberNumber, reason, SuspensionRequest.REASON_MAX);
        if (!LibraryCode.isValid(libraryCode)) {
            errors.add(FieldError.of("libraryCode",
                    ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (until == null || until.isBefore(LocalDate.now(clock)) || until.isAfter(LocalDate.now(clock).plusYears(10))) {
            errors.add(FieldError.of("suspendedUntil", until == null
                    ? ErrorCode.FIELD_REQUIRED
                    : ErrorCode.FIELD_INVALID));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        enrollment.requireServed(LibraryCode.of(libraryCode));
        boolean changed = QuarkusTransaction.requiringNew().call(() -> {
            if (Member.byNumber(memberNumber).isEmpty()) {
                throw new ProblemException(ErrorCode.MEMBER_NOT_FOUND);
            }
            return suspend(memberNumber, libraryCode, until, setBy + reason.strip());
        });
        LOG.infof("member %s suspended by hand until %s for %s%s", memberNumber, until, libraryCode,
                changed ? "" : " (a longer suspension already runs)");
        return changed;
    }

    /**
     * What is wrong with an operator's member number and reason (required; free text of at most {@code maxLength}
     * characters, the bound of the request: {@link SuspensionRequest#REASON_MAX} leaves room for the prefix a
     * suspension by hand is recorded with).
     */
    private static List<FieldError> memberAndReasonErrors(String memberNumber, String reason, int maxLength) {
        List<FieldError> errors = new ArrayList<>();
        if (memberNumber == null || !memberNumber.matches("[0-9]{14}")) {
            errors.add(FieldError.of("memberNumber", ErrorCode.MEMBER_NUMBER_INVALID));
        }
        if (reason == null || reason.isBlank()) {
            errors.add(FieldError.of("reason", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.text(errors, "reason", reason, maxLength);
        }
        return errors;
    }

    /**
     * Records a suspension through {@code until} (only ever later) and announces it, in the caller's transaction. It is
     * announced even when a longer one already runs here: this region keeps only the longest, the hub every library's,
     * and this library's must still run when the longer one is lifted (a suspension set at one library applies at
     * every library, and so does its lift).
     *
     * @return whether this region's record changed
     */
    private boolean suspend(String memberNumber, String libraryCode, LocalDate until, String reason) {
        Instant now = clock.instant();
        int changed = Member.getEntityManager().createNativeQuery("""
                        update member set suspended_until = ?2, suspended_by_library = ?3, suspension_reason = ?4,
                            suspension_set_at = ?5
                        where member_number = ?1 and (suspended_until is null or suspended_until < ?2)
                        """)
                .setParameter(1, memberNumber)
                .setParameter(2, until)
                .setParameter(3, libraryCode)
                .setParameter(4, reason)
                .setParameter(5, now)
                .executeUpdate();
        if (changed == 0) {
            LOG.debugf("member %s already suspended at least until %s; %s's suspension is announced all the same",
                    memberNumber, until, libraryCode);
        }
        outbox.append(new MemberSuspended(memberNumber, until, libraryCode, reason, now, region.id()));
        return changed > 0;
    }
}
