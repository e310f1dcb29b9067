package org.chaekieum.region.members;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.chaekieum.contracts.api.CategoryModifier;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberLoans;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.MemberUpdateRequest;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.WithdrawalRequest;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.MemberUpdated;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.client.HubGateway;
import org.chaekieum.region.client.HubRefusal;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.region.repository.Member;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Changes to a member at the home region: contact data, category and modifier (with its expiry), status, withdrawal
 * and erasure. Each change and its member.updated.v1 event commit together; the values of personal fields never go
 * into the event, only their names, and libraries of other regions fetch them again through the hub.
 */
@ApplicationScoped
public class MemberChangeService {

    private static final Logger LOG = Logger.getLogger(MemberChangeService.class);
    private static final Pattern PHONE = Pattern.compile("0\\d{1,2}-?\\d{3,4}-?\\d{4}");
    /** How an operator's lifting of an expulsion is recorded as the status reason: this, then the operator's reason. */
    static final String EXPULSION_LIFTED = "Expulsion lifted by an operator: ";
    /** The operator's reason fits the status reason (300) after {@link #EXPULSION_LIFTED}. */
    public static final int EXPULSION_LIFT_REASON_MAX = 260;
    private static final List<String> ERASED_FIELDS = List.of("status", "name", "birthDate", "phone", "address",
            "guardianName", "guardianPhone");

    @Inject
    RegionConfig region;

    @Inject
    MemberQueries queries;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    HubGateway hub;

    public Member update(String libraryCode, String memberNumber, MemberUpdateRequest request) {
        if (request == null) {
            throw ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body");
        }
        LocalDate today = LocalDate.now(clock);
        List<FieldError> errors = check(request, today);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Member m = homeMember(libraryCode, memberNumber);
            List<String> changed = new ArrayList<>();
            if (request.phone() != null && !request.phone().trim().equals(m.phone)) {
                m.phone = request.phone().trim();
                changed.add("phone");
            }
            if (request.address() != null) {
                String address = request.address().isBlank() ? null : request.address().trim();
                if (!Objects.equals(address, m.address)) {
                    m.address = address;
                    changed.add("address");
                }
            }
            if (request.category() != null) {
                MemberCategory category = MemberCategory.valueOf(request.category().trim().toUpperCase(Locale.ROOT));
                if (category != m.category) {
                    m.category = category;
                    changed.add("category");
                }
            }
            if (request.categoryModifier() != null) {
                CategoryModifier modifier = request.categoryModifier().isBlank() ? null
                        : CategoryModifier.valueOf(request.categoryModifier().trim().toUpperCase(Locale.ROOT));
                LocalDate expires = modifier == null ? null : LocalDate.parse(request.modifierExpiresOn().trim());
                if (modifier != m.categoryModifier || !Objects.equals(expires, m.modifierExpiresOn)) {
                    m.categoryModifier = modifier;
                    m.modifierExpiresOn = expires;
                    changed.add("categoryModifier");
                }
            }
            if (request.status() != null) {
                MemberStatus status = MemberStatus.valueOf(request.status().trim().toUpperCase(Locale.ROOT));
                if (status != m.status) {
                    requireStatusChangePermitted(m.status, expelledBy(m), status, libraryCode);
                    m.status = status;
                    m.statusReason = blank(request.statusReason()) ? null : request.statusReason().trim();
                    m.expelledByLibrary = status == MemberStatus.EXPELLED ? libraryCode : null;
                    changed.add("status");
                }
            }
            if (changed.isEmpty()) {
                return m;
            }
            Instant now = clock.instant();
            if (changed.contains("phone") || changed.contains("address")) {
                m.profileVersion++;
            }
            m.updatedAt = now;
            m.lastActivityAt = now;
            announce(m, changed, now);
            LOG.infof("member %s changed at %s: %s", m.memberNumber, libraryCode, changed);
            return m;
        });
    }

    /**
     * Who may set a status by a change at a library (NORMAL and EXPELLED are the only ones a change names): a
     * provisional member becomes NORMAL only when the hub confirms the enrollment or import (the duplicate check it
     * stands for cannot be skipped by hand); an expulsion is lifted only by the library that set it ({@code expelledBy})
     * or by the region's operator ({@link #liftExpulsion}). Anything else a library may set.
     */
    static void requireStatusChangePermitted(MemberStatus from, String expelledBy, MemberStatus to, String atLibrary) {
        if (to != MemberStatus.NORMAL) {
            return;
        }
        if (from == MemberStatus.PROVISIONAL) {
            throw ProblemException.because(ErrorCode.STATUS_CHANGE_NOT_PERMITTED, "provisional")
                    .withContext(Map.of("status", from.name()));
        }
        if (from == MemberStatus.EXPELLED && !expelledBy.equals(atLibrary)) {
            throw ProblemException.because(ErrorCode.STATUS_CHANGE_NOT_PERMITTED, "expelled-elsewhere", expelledBy)
                    .withContext(Map.of("status", from.name(), "expelledByLibrary", expelledBy));
        }
    }

    /** The library that expelled the member; the issuing library for an expulsion recorded before it was kept. */
    private static String expelledBy(Member m) {
        return m.expelledByLibrary != null ? m.expelledByLibrary.trim() : m.issuingLibrary.trim();
    }

    /**
     * The region's operator lifts the expulsion of one of the region's own members, whichever library set it: the
     * member is NORMAL again, with the reason recorded, and the change is announced like any other.
     *
     * @return whether an expulsion was lifted (false: the member was not expelled)
     */
    public boolean liftExpulsion(String memberNumber, String reason) {
        List<FieldError> errors = new ArrayList<>();
        if (memberNumber == null || !memberNumber.matches("[0-9]{14}")) {
            errors.add(FieldError.of("memberNumber", ErrorCode.MEMBER_NUMBER_INVALID));
        }
        if (blank(reason)) {
            errors.add(FieldError.of("reason", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.text(errors, "reason", reason, EXPULSION_LIFT_REASON_MAX);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        boolean lifted = QuarkusTransaction.requiringNew().call(() -> {
            Member m = Member.byNumberLocked(memberNumber).filter(Member::isHome)
                    .orElseThrow(() -> new ProblemException(ErrorCode.MEMBER_NOT_FOUND));
            if (m.status != MemberStatus.EXPELLED) {
                return false;
            }
            Instant now = clock.instant();
            m.status = MemberStatus.NORMAL;
            m.statusReason = EXPULSION_LIFTED + reason.strip();
            m.expelledByLibrary = null;
            m.updatedAt = now;
            m.lastActivityAt = now;
            announce(m, List.of("status"), now);
            return true;
        });
        LOG.infof("expulsion of member %s %s by an operator", memberNumber, lifted ? "lifted" : "not found: nothing lifted");
        return lifted;
    }

    /**
     * 탈퇴: erases the member's personal data here; the event makes the hub keep only number and status and makes every
     * region holding a copy erase it. Withdrawing twice answers the same.
     */
    public Member withdraw(String libraryCode, String memberNumber, WithdrawalRequest request) {
        List<FieldError> errors = check(libraryCode, memberNumber, request);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        // Who the member is, and where, before anything about the member's loans is asked or told: a library where
        // the member is not registered learns nothing more than of an unknown number.
        Member known = QuarkusTransaction.requiringNew().call(() -> homeMemberToWithdraw(libraryCode, memberNumber));
        if (known.status == MemberStatus.WITHDRAWN) {
            return known;
        }
        requireNoActiveLoans(memberNumber);
        return QuarkusTransaction.requiringNew().call(() -> {
            Member m = homeMemberToWithdraw(libraryCode, memberNumber);
            if (m.status == MemberStatus.WITHDRAWN) {
                return m;
            }
            if (!Loan.activeOf(memberNumber).isEmpty()) {
                throw loansActive(Loan.activeOf(memberNumber).size());
            }
            erase(m, "Withdrawn at library " + libraryCode + ".");
            LOG.infof("member %s withdrew at %s (requested by %s)", m.memberNumber, libraryCode, request.requestedBy());
            return m;
        });
    }

    /**
     * Loans anywhere in the federation block a withdrawal: the hub's ledger is asked; if it cannot be, the withdrawal
     * waits (503) rather than erase a member who may still hold items elsewhere.
     */
    private void requireNoActiveLoans(String memberNumber) {
        MemberLoans loans;
        try {
            loans = hub.memberLoans(memberNumber);
        } catch (HubRefusal refusal) {
            throw ProblemException.relayed(refusal.code(), refusal.problem());
        }
        if (loans == null) {
            throw new ProblemException(ErrorCode.NATIONAL_HUB_UNREACHABLE);
        }
        if (loans.activeLoans() > 0) {
            throw loansActive(loans.activeLoans());
        }
    }

    /**
     * The member to withdraw: registered at the library (else {@link ErrorCode#MEMBER_NOT_FOUND}, exactly as for a number
     * nobody holds) and of this region ({@link ErrorCode#CHANGE_AT_HOME_REGION}). In the caller's transaction.
     */
    private Member homeMemberToWithdraw(String libraryCode, String memberNumber) {
        Member m;
        try {
            m = queries.registered(libraryCode, memberNumber);
        } catch (ProblemException e) {
            if (e.code() == ErrorCode.MEMBER_NOT_FOUND) {
                throw new ProblemException(ErrorCode.MEMBER_NOT_FOUND);
            }
            throw e;
        }
        if (!m.isHome()) {
            throw new ProblemException(ErrorCode.CHANGE_AT_HOME_REGION)
                    .withContext(Map.of("homeRegion", String.valueOf(m.homeRegion)));
        }
        return m;
    }

    private static ProblemException loansActive(int count) {
        return ProblemException.because(ErrorCode.WITHDRAWAL_REFUSED_ACTIVE_LOANS, "loans-on-loan", count)
                .withContext(Map.of("activeLoans", count));
    }

    /** Erases one of this region's own members and announces it (withdrawal, retention). */
    public void erase(Member m, String reason) {
        Instant now = clock.instant();
        m.erasePersonalData(now, reason);
        m.profileVersion++;
        announce(m, ERASED_FIELDS, now);
    }

    private void announce(Member m, List<String> changed, Instant now) {
        outbox.append(new MemberUpdated(m.memberNumber, region.id(), m.category, m.categoryModifier,
                m.modifierExpiresOn, m.status, changed, m.profileVersion, now));
    }

    private Member homeMember(String libraryCode, String memberNumber) {
        Member m = queries.registered(libraryCode, memberNumber);
        if (!m.isHome()) {
            throw new ProblemException(ErrorCode.CHANGE_AT_HOME_REGION)
                    .withContext(Map.of("homeRegion", String.valueOf(m.homeRegion)));
        }
        if (m.status == MemberStatus.WITHDRAWN || m.status == MemberStatus.LINKED) {
            throw new ProblemException(ErrorCode.MEMBER_NOT_ACTIVE);
        }
        return m;
    }

    /** Every field error of a change at once; every text within its bound before its format is read. */
    static List<FieldError> check(MemberUpdateRequest r, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        if (FieldChecks.line(errors, "phone", r.phone(), MemberUpdateRequest.PHONE_MAX)
                && r.phone() != null && !PHONE.matcher(r.phone().trim()).matches()) {
            errors.add(FieldError.of("phone", ErrorCode.PHONE_INVALID));
        }
        FieldChecks.text(errors, "address", r.address(), MemberUpdateRequest.ADDRESS_MAX);
        if (FieldChecks.line(errors, "category", r.category(), MemberUpdateRequest.CATEGORY_MAX)
                && r.category() != null && parse(MemberCategory.class, r.category()) == null) {
            errors.add(FieldError.of("category", ErrorCode.CATEGORY_INVALID));
        }
        boolean modifierFits = FieldChecks.line(errors, "categoryModifier", r.categoryModifier(),
                MemberUpdateRequest.CATEGORY_MODIFIER_MAX);
        boolean expiryFits = FieldChecks.line(errors, "modifierExpiresOn", r.modifierExpiresOn(),
                MemberUpdateRequest.MODIFIER_EXPIRES_ON_MAX);
        if (modifierFits && r.categoryModifier() != null && !r.categoryModifier().isBlank()) {
            if (parse(CategoryModifier.class, r.categoryModifier()) == null) {
                errors.add(FieldError.of("categoryModifier", ErrorCode.MODIFIER_INVALID));
            }
            LocalDate expires = date(r.modifierExpiresOn());
            if (expiryFits && (expires == null || !expires.isAfter(today) || expires.isAfter(FieldChecks.LATEST_DATE))) {
                errors.add(FieldError.of("modifierExpiresOn", ErrorCode.MODIFIER_INVALID));
            }
        }
        if (FieldChecks.line(errors, "status", r.status(), MemberUpdateRequest.STATUS_MAX) && r.status() != null) {
            MemberStatus status = parse(MemberStatus.class, r.status());
            if (status != MemberStatus.NORMAL && status != MemberStatus.EXPELLED) {
                errors.add(FieldError.of("status", ErrorCode.STATUS_CHANGE_INVALID));
            }
        }
        FieldChecks.text(errors, "statusReason", r.statusReason(), MemberUpdateRequest.STATUS_REASON_MAX);
        if (blank(r.requestedBy())) {
            errors.add(FieldError.of("requestedBy", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.line(errors, "requestedBy", r.requestedBy(), MemberUpdateRequest.REQUESTED_BY_MAX);
        }
        return errors;
    }

    /** Every field error of a withdrawal at once, the path's library code and member number included. */
    static List<FieldError> check(String libraryCode, String memberNumber, WithdrawalRequest r) {
        List<FieldError> errors = new ArrayList<>();
        if (!LibraryCode.isValid(libraryCode)) {
            errors.add(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (memberNumber == null || !memberNumber.matches("[0-9]{14}")) {
            errors.add(FieldError.of("memberNumber", ErrorCode.MEMBER_NUMBER_INVALID));
        }
        if (r == null || blank(r.requestedBy())) {
            errors.add(FieldError.of("requestedBy", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.line(errors, "requestedBy", r.requestedBy(), WithdrawalRequest.REQUESTED_BY_MAX);
        }
        if (r != null) {
            FieldChecks.text(errors, "reason", r.reason(), WithdrawalRequest.REASON_MAX);
        }
        return errors;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static LocalDate date(String value) {
        try {
            return value == null ? null : LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
