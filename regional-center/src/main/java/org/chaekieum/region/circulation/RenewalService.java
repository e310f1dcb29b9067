package org.chaekieum.region.circulation;

import static org.chaekieum.region.circulation.Desk.libraryField;
import static org.chaekieum.region.circulation.RuleProblems.refusalProblem;
import static org.chaekieum.region.circulation.RuleProblems.suspensionWarning;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.Notice;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.policies.PolicyService;
import org.chaekieum.region.repository.IdempotencyStore;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.region.repository.Member;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;

/** Renewal of a loan at the library that lent it: the member's standing and the library's renewal limit decide. */
@ApplicationScoped
public class RenewalService {

    @Inject
    DeskAnswers answers;

    @Inject
    EnrollmentService enrollment;

    @Inject
    PolicyService policies;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    public Answer renew(String libraryCodeText, String loanIdText, String idempotencyKey) {
        List<FieldError> errors = new ArrayList<>();
        libraryField(errors, libraryCodeText);
        UUID loanId = null;
        try {
            loanId = UUID.fromString(loanIdText);
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(FieldError.of("loanId", ErrorCode.FIELD_INVALID));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        LibraryCode library = LibraryCode.of(libraryCodeText);
        enrollment.requireServed(library);
        String scope = "renewal:" + library;
        String requestHash = IdempotencyStore.hash(loanIdText);
        Optional<Answer> repeated = answers.repeated(scope, idempotencyKey, requestHash);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        UUID id = loanId;
        LibraryPolicy policy = policies.of(library.value());
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Loan loan = Loan.byIdLocked(id).orElse(null); // a concurrent renewal of the same loan waits here
                if (loan == null || !loan.libraryCode.equals(library.value()) || !loan.isActive()) {
                    throw new ProblemException(ErrorCode.LOAN_NOT_FOUND);
                }
                Member member = Member.byNumber(loan.memberNumber).orElse(null);
                LocalDate today = LocalDate.now(clock);
                LocalDate suspendedUntil = member == null ? null : member.suspendedUntil;
                String suspendedBy = member == null ? null : member.suspendedByLibrary;
                Optional<CheckoutRules.Refusal> refusal = CheckoutRules.refuseRenewal(
                        member == null ? null : member.status, suspendedUntil, today, loan.renewals, policy);
                if (refusal.isPresent()) {
                    throw refusalProblem(refusal.get(), member == null ? null : member.statusReason, suspendedUntil,
                            suspendedBy, today);
                }
                List<Notice> warnings = suspensionWarning(suspendedUntil, suspendedBy, today);
                Instant now = clock.instant();
                LocalDate from = loan.dueOn.isBefore(LocalDate.now(clock)) ? LocalDate.now(clock) : loan.dueOn;
                loan.dueOn = from.plusDays(policy.renewalDays());
                loan.renewals++;
                outbox.append(new LoanRenewed(loan.id.toString(), loan.memberNumber, loan.dueOn, loan.renewals, now,
                        loan.libraryCode));
                LoanView view = Loans.view(loan, policy).withWarnings(warnings);
                answers.remember(scope, idempotencyKey, requestHash, 200, view, now);
                return new Answer(200, view);
            });
        } catch (RuntimeException e) {
            return answers.twinsAnswer(e, scope, idempotencyKey, requestHash); // a twin with the same key renewed first
        }
    }
}
