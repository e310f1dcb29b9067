package org.chaekieum.region.circulation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chaekieum.contracts.api.CategoryModifier;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;

/**
 * Circulation decisions as pure functions of values: who may borrow here, what cap applies, whether a policy is valid.
 * The transactional service gathers the values and acts on the answer.
 */
public final class CheckoutRules {

    private CheckoutRules() {
    }

    /** What the rules need to know of a member at this library. */
    public record Borrower(boolean registeredHere, MemberStatus status, MemberCategory category,
                           CategoryModifier modifier, LocalDate modifierExpiresOn, LocalDate suspendedUntil) {

        public Borrower(boolean registeredHere, MemberStatus status, MemberCategory category,
                        CategoryModifier modifier, LocalDate modifierExpiresOn) {
            this(registeredHere, status, category, modifier, modifierExpiresOn, null);
        }
    }

    /** Whether a suspension earned by late returns still runs today. */
    public static boolean suspendedOn(LocalDate suspendedUntil, LocalDate today) {
        return suspendedUntil != null && !suspendedUntil.isBefore(today);
    }

    /** A warn-only library lends to (and renews for) suspended members, with a warning. */
    public static boolean warnOnly(LibraryPolicy policy) {
        return policy.suspension() != null && Boolean.TRUE.equals(policy.suspension().warnOnly());
    }

    /** A refusal with the numbers the librarian can act on. */
    public record Refusal(ErrorCode code, Integer count, Integer cap) {
        static Refusal of(ErrorCode code) {
            return new Refusal(code, null, null);
        }
    }

    /** The library cap that applies: a valid MULTI_CHILD modifier (not expired) raises it where the library says so. */
    public static int libraryCap(LibraryPolicy policy, CategoryModifier modifier, LocalDate expiresOn, LocalDate today) {
        boolean multiChild = modifier == CategoryModifier.MULTI_CHILD && expiresOn != null && !expiresOn.isBefore(today);
        return multiChild && policy.multiChildLoanCap() != null ? policy.multiChildLoanCap() : policy.loanCap();
    }

    /** The first reason this member may not borrow one more item at this library, if any. */
    public static Optional<Refusal> refuseCheckout(Borrower b, LibraryPolicy policy, long loansHere, LocalDate today) {
        if (!b.registeredHere()) {
            return Optional.of(Refusal.of(ErrorCode.IMPORT_REQUIRED));
        }
        switch (b.status()) {
            case WITHDRAWN, EXPELLED, LINKED -> {
                return Optional.of(Refusal.of(ErrorCode.MEMBER_NOT_ACTIVE));
            }
            case SUSPENDED -> {
                return Optional.of(Refusal.of(ErrorCode.MEMBER_SUSPENDED));
            }
            case PROVISIONAL -> {
                return Optional.of(Refusal.of(ErrorCode.ASSOCIATE_CANNOT_BORROW));
            }
            default -> {
            }
        }
        if (suspendedOn(b.suspendedUntil(), today) && !warnOnly(policy)) {
            return Optional.of(Refusal.of(ErrorCode.MEMBER_SUSPENDED));
        }
        if (b.category() != MemberCategory.FULL) {
            return Optional.of(Refusal.of(ErrorCode.ASSOCIATE_CANNOT_BORROW));
        }
        int cap = libraryCap(policy, b.modifier(), b.modifierExpiresOn(), today);
        if (loansHere >= cap) {
            return Optional.of(new Refusal(ErrorCode.LIBRARY_CAP_REACHED, (int) loansHere, cap));
        }
        return Optional.empty();
    }

    /** Why a renewal is refused, if it is. */
    public static Optional<Refusal> refuseRenewal(MemberStatus status, int renewals, LibraryPolicy policy) {
        return refuseRenewal(status, null, null, renewals, policy);
    }

    /** Why a renewal is refused, if it is: suspended (unless the library only warns), or no renewals left. */
    public static Optional<Refusal> refuseRenewal(MemberStatus status, LocalDate suspendedUntil, LocalDate today,
                                                  int renewals, LibraryPolicy policy) {
        if (status == MemberStatus.SUSPENDED || (suspendedOn(suspendedUntil, today) && !warnOnly(policy))) {
            return Optional.of(Refusal.of(ErrorCode.MEMBER_SUSPENDED));
        }
        if (renewals >= policy.renewalLimit()) {
            return Optional.of(new Refusal(ErrorCode.NO_RENEWALS_LEFT, renewals, policy.renewalLimit()));
        }
        return Optional.empty();
    }

    public static List<FieldError> checkPolicy(LibraryPolicy p) {
        List<FieldError> errors = new ArrayList<>();
        range(errors, "loanCap", p.loanCap(), 1, 100);
        range(errors, "loanPeriodDays", p.loanPeriodDays(), 1, 365);
        range(errors, "renewalLimit", p.renewalLimit(), 0, 20);
        range(errors, "renewalDays", p.renewalDays(), 1, 365);
        if (p.multiChildLoanCap() != null && (p.multiChildLoanCap() > 100
                || (p.loanCap() != null && p.multiChildLoanCap() < p.loanCap()))) {
            errors.add(FieldError.of("multiChildLoanCap", ErrorCode.POLICY_INVALID));
        }
        return errors;
    }

    private static void range(List<FieldError> errors, String field, Integer value, int min, int max) {
        if (value == null) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_REQUIRED));
        } else if (value < min || value > max) {
            errors.add(FieldError.of(field, ErrorCode.POLICY_INVALID));
        }
    }
}
