package org.chaekieum.region.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.chaekieum.contracts.api.CheckoutRequest;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.LoanReservation;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.LoanStatus;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.Notice;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.ReturnRequest;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.client.HubGateway;
import org.chaekieum.region.client.HubRefusal;
import org.chaekieum.region.config.CirculationConfig;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.outbox.Outbox;
import org.chaekieum.region.repository.BorrowerStanding;
import org.chaekieum.region.repository.IdempotencyStore;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.housekeeping.Jobs;
import org.jboss.logging.Logger;

/**
 * Checkout, return anywhere and renewal at this region's libraries.
 *
 * <p>Checkout: the member's standing and the library's cap are checked here; then the hub grants a place under the
 * national cap (a reservation, counted until the loan's event confirms it); then the loan, its event and the
 * idempotent answer commit together, under a per-member lock that re-checks the library cap. If the hub cannot be
 * asked, the configured degraded rule decides, explicitly: a bounded number of marked loans, or a refusal.
 */
@ApplicationScoped
public class CirculationService {

    private static final Logger LOG = Logger.getLogger(CirculationService.class);
    private static final String ITEM_ON_LOAN_INDEX = "loan_item_on_loan";

    @Inject
    RegionConfig region;

    @Inject
    CirculationConfig config;

    @Inject
    EnrollmentService enrollment;

    @Inject
    PolicyService policies;

    @Inject
    HubGateway hub;

    @Inject
    Outbox outbox;

    @Inject
    IdempotencyStore idempotency;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    @Inject
    SuspensionService suspensions;

    @Inject
    Jobs jobs;

    /** An answer with its HTTP status (201 for a new loan, 200 for a repeated request's saved answer). */
    public record Answer(int status, LoanView loan) {
    }

    public Answer checkout(String libraryCodeText, CheckoutRequest request, String idempotencyKey) {
        List<FieldError> errors = new ArrayList<>();
        libraryField(errors, libraryCodeText);
        if (request == null) {
            throw emptyBody();
        }
        try {
            UnifiedMemberNumber.parse(request.memberNumber());
        } catch (InvalidIdentifierException e) {
            errors.add(FieldError.of("memberNumber", e.code()));
        }
        ItemBarcode item = barcode(errors, request.itemBarcode());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        LibraryCode library = LibraryCode.of(libraryCodeText);
        enrollment.requireServed(library);
        String scope = "checkout:" + library;
        String requestHash = IdempotencyStore.hash(request.memberNumber(), item.value());
        Optional<Answer> repeated = repeated(scope, idempotencyKey, requestHash);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        if (!item.owningLibrary().equals(library)) {
            throw new ProblemException(ErrorCode.ITEM_NOT_HELD_HERE, List.of(), Map.of("owningLibrary",
                    item.owningLibrary().value()), null, null);
        }
        String memberNumber = request.memberNumber();
        LocalDate today = LocalDate.now(clock);
        LibraryPolicy policy = policies.of(library.value());
        QuarkusTransaction.requiringNew().run(() -> requireMayBorrow(memberNumber, library, item, policy, today));

        UUID loanId = UUID.randomUUID();
        LocalDate dueOn = today.plusDays(policy.loanPeriodDays());
        LoanReservation reservation;
        try {
            reservation = hub.reserveLoan(new LoanReservationRequest(loanId.toString(), memberNumber, library.value(),
                    region.id(), item.value(), dueOn, CheckoutRules.warnOnly(policy)));
        } catch (HubRefusal refusal) {
            throw ProblemException.relayed(refusal.code(), refusal.problem());
        }
        boolean degraded = reservation == null;
        if (degraded) {
            requireDegradedAllowance(memberNumber);
        }
        try {
            Answer answer = QuarkusTransaction.requiringNew().call(() -> {
                lockMember(memberNumber);
                List<Notice> warnings = requireMayBorrow(memberNumber, library, item, policy, today);
                if (warnings.isEmpty() && reservation != null && reservation.suspension() != null) {
                    // Suspended elsewhere, not yet known here: the hub says so to a warn-only library.
                    warnings = suspensionWarning(reservation.suspension().suspendedUntil(),
                            reservation.suspension().setByLibrary(), today);
                }
                if (degraded) {
                    requireDegradedAllowance(memberNumber); // again, under the member's lock: concurrent desks
                }
                Loan loan = new Loan();
                loan.id = loanId;
                loan.memberNumber = memberNumber;
                loan.libraryCode = library.value();
                loan.itemBarcode = item.value();
                loan.checkedOutAt = clock.instant();
                loan.dueOn = dueOn;
                loan.degraded = degraded;
                loan.persistAndFlush();
                touchMember(memberNumber, loan.checkedOutAt);
                outbox.append(new LoanCreated(loanId.toString(), memberNumber, library.value(),
                        item.owningLibrary().value(), item.value(), region.id(), loan.checkedOutAt, dueOn, degraded));
                LoanView view = Loans.view(loan, policy).withWarnings(warnings);
                remember(scope, idempotencyKey, requestHash, 201, view, loan.checkedOutAt);
                return new Answer(201, view);
            });
            registry.counter("chaekieum.checkouts", "degraded", String.valueOf(degraded)).increment();
            if (degraded) {
                LOG.warnf("loan %s at %s made under the degraded rule (hub unreachable)", loanId, library);
            }
            return answer;
        } catch (RuntimeException e) {
            if (!degraded) {
                hub.releaseLoan(loanId.toString());
            }
            if (idempotencyKey != null && violates(e, "idempotency_record_pkey")) {
                return repeated(scope, idempotencyKey, requestHash).orElseThrow(() -> e);
            }
            if (violates(e, ITEM_ON_LOAN_INDEX)) {
                throw new ProblemException(ErrorCode.ITEM_ON_LOAN);
            }
            throw e;
        }
    }

    public Answer returnItem(String libraryCodeText, ReturnRequest request, String idempotencyKey) {
        List<FieldError> errors = new ArrayList<>();
        libraryField(errors, libraryCodeText);
        if (request == null) {
            throw emptyBody();
        }
        ItemBarcode item = barcode(errors, request.itemBarcode());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        LibraryCode library = LibraryCode.of(libraryCodeText);
        enrollment.requireServed(library);
        String scope = "return:" + library;
        String requestHash = IdempotencyStore.hash(item.value());
        Optional<Answer> repeated = repeated(scope, idempotencyKey, requestHash);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        Instant returnedAt = clock.instant();
        if (region.serves(item.owningLibrary())) {
            return QuarkusTransaction.requiringNew().call(() -> {
                LoanView view = endLoan(item.value(), library.value(), returnedAt);
                remember(scope, idempotencyKey, requestHash, 200, view, returnedAt);
                return new Answer(200, view);
            });
        }
        // 타관반납 of another region's item: the owning region ends the loan, through the hub.
        LoanView routed;
        try {
            routed = hub.routeReturn(new FederatedReturn(item.value(), library.value(), returnedAt, region.id()));
        } catch (HubRefusal refusal) {
            throw ProblemException.relayed(refusal.code(), refusal.problem());
        }
        if (routed == null) {
            LoanView pending = QuarkusTransaction.requiringNew().call(() -> keepPendingReturn(item, library, returnedAt));
            return new Answer(202, pending);
        }
        QuarkusTransaction.requiringNew().run(() -> remember(scope, idempotencyKey, requestHash, 200, routed, returnedAt));
        return new Answer(200, routed);
    }

    /** The owning region's side of a return at another region's library (called through the hub). */
    public LoanView returnFromElsewhere(FederatedReturn request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw emptyBody();
        }
        ItemBarcode item = barcode(errors, request.itemBarcode());
        if (!LibraryCode.isValid(request.returnedAtLibrary())) {
            errors.add(FieldError.of("returnedAtLibrary", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (request.returnedAt() == null) {
            errors.add(FieldError.of("returnedAt", ErrorCode.FIELD_REQUIRED));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            // The hub retries a forwarded return it got no answer to: the same return gets the same answer.
            Optional<Loan> done = Loan.<Loan>find("itemBarcode = ?1 and returnedAt = ?2 and returnedAtLibrary = ?3",
                    item.value(), request.returnedAt(), request.returnedAtLibrary()).firstResultOptional();
            if (done.isPresent()) {
                return Loans.view(done.get(), policies.of(done.get().libraryCode));
            }
            return endLoan(item.value(), request.returnedAtLibrary(), request.returnedAt());
        });
    }

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
        Optional<Answer> repeated = repeated(scope, idempotencyKey, requestHash);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        UUID id = loanId;
        LibraryPolicy policy = policies.of(library.value());
        return QuarkusTransaction.requiringNew().call(() -> {
            Loan loan = Loan.findById(id);
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
            outbox.append(new LoanRenewed(loan.id.toString(), loan.memberNumber, loan.dueOn, loan.renewals, now));
            LoanView view = Loans.view(loan, policy).withWarnings(warnings);
            remember(scope, idempotencyKey, requestHash, 200, view, now);
            return new Answer(200, view);
        });
    }

    /** This region's loans of the member, for when the hub cannot give the federation-wide view. */
    public List<LoanView> localLoans(String memberNumber) {
        return QuarkusTransaction.requiringNew().call(() -> Loan.activeOf(memberNumber).stream()
                .map(loan -> Loans.view(loan, policies.of(loan.libraryCode))).toList());
    }

    /** Returns recorded while the hub was away, applied when it answers (on one replica at a time). */
    @io.quarkus.scheduler.Scheduled(every = "${chaekieum.circulation.pending-return-interval:5s}",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = io.quarkus.scheduler.Scheduled.ApplicationNotRunning.class)
    void scheduledPendingReturns() {
        jobs.alone("pending-returns", this::applyPendingReturns);
    }

    void applyPendingReturns() {
        List<Object[]> pending = QuarkusTransaction.requiringNew().call(() -> Member.getEntityManager()
                .createNativeQuery("select id, item_barcode, returned_at_library, returned_at from pending_return"
                        + " where applied_at is null order by created_at limit 100", Object[].class)
                .getResultList());
        for (Object[] row : pending) {
            UUID id = (UUID) row[0];
            FederatedReturn request = new FederatedReturn((String) row[1], (String) row[2],
                    ((java.time.OffsetDateTime) row[3]).toInstant(), region.id());
            String outcome;
            try {
                if (hub.routeReturn(request) == null) {
                    return; // still away
                }
                outcome = "APPLIED";
            } catch (HubRefusal refusal) {
                outcome = "REFUSED_" + refusal.code().name();
                LOG.warnf("pending return of %s refused by the owning region: %s", request.itemBarcode(), refusal.code());
            }
            String done = outcome;
            QuarkusTransaction.requiringNew().run(() -> Member.getEntityManager()
                    .createNativeQuery("update pending_return set applied_at = now(), outcome = ?2 where id = ?1")
                    .setParameter(1, id).setParameter(2, done).executeUpdate());
        }
    }

    private LoanView endLoan(String itemBarcode, String returnedAtLibrary, Instant returnedAt) {
        Loan loan = Loan.activeByItem(itemBarcode)
                .orElseThrow(() -> new ProblemException(ErrorCode.ITEM_NOT_ON_LOAN));
        loan.returnedAt = returnedAt;
        loan.returnedAtLibrary = returnedAtLibrary;
        String owner = ItemBarcode.parse(itemBarcode).owningLibrary().value();
        if (!owner.equals(returnedAtLibrary)) {
            loan.transit = TransitState.RETURNED_ELSEWHERE;
            loan.transitUpdatedAt = returnedAt;
        }
        outbox.append(new LoanReturned(loan.id.toString(), loan.memberNumber, loan.libraryCode, returnedAtLibrary,
                returnedAt));
        LOG.infof("loan %s returned at %s", loan.id, returnedAtLibrary);
        suspensions.onReturn(loan);
        return Loans.view(loan, policies.of(loan.libraryCode));
    }

    private LoanView keepPendingReturn(ItemBarcode item, LibraryCode library, Instant returnedAt) {
        Member.getEntityManager().createNativeQuery("insert into pending_return (id, item_barcode, returned_at_library,"
                        + " returned_at, created_at) values (?1, ?2, ?3, ?4, ?4)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, item.value()).setParameter(3, library.value())
                .setParameter(4, returnedAt).executeUpdate();
        LOG.warnf("return of an item of %s at %s kept until the hub answers", item.owningLibrary(), library);
        return new LoanView(null, null, null, item.owningLibrary().value(), item.value(), null, null, 0, 0,
                LoanStatus.RETURNED, false, returnedAt, library.value(), TransitState.RETURNED_ELSEWHERE);
    }

    /** Refuses what the rules refuse; answers the warnings of what a warn-only library lends anyway. */
    private List<Notice> requireMayBorrow(String memberNumber, LibraryCode library, ItemBarcode item,
                                          LibraryPolicy policy, LocalDate today) {
        BorrowerStanding standing = BorrowerStanding.of(memberNumber, library.value(), item.value())
                .orElseThrow(() -> new ProblemException(ErrorCode.MEMBER_NOT_FOUND));
        CheckoutRules.Borrower borrower = new CheckoutRules.Borrower(standing.registeredHere(), standing.status(),
                standing.category(), standing.modifier(), standing.modifierExpiresOn(), standing.suspendedUntil());
        Optional<CheckoutRules.Refusal> refusal = CheckoutRules.refuseCheckout(borrower, policy, standing.loansHere(),
                today);
        if (refusal.isPresent()) {
            throw refusalProblem(refusal.get(), standing.statusReason(), standing.suspendedUntil(),
                    standing.suspendedByLibrary(), today);
        }
        if (standing.itemOnLoan()) {
            throw new ProblemException(ErrorCode.ITEM_ON_LOAN);
        }
        return suspensionWarning(standing.suspendedUntil(), standing.suspendedByLibrary(), today);
    }

    /** The warning a warn-only library's answer carries for a suspended member (empty when not suspended). */
    private static List<Notice> suspensionWarning(LocalDate suspendedUntil, String suspendedBy, LocalDate today) {
        if (!CheckoutRules.suspendedOn(suspendedUntil, today)) {
            return List.of();
        }
        return List.of(new Notice(ErrorCode.MEMBER_SUSPENDED.name(), suspendedEn(suspendedUntil, suspendedBy),
                suspendedKo(suspendedUntil, suspendedBy), suspensionContext(suspendedUntil, suspendedBy)));
    }

    private static String suspendedEn(LocalDate until, String library) {
        return "The member is suspended from borrowing until " + until + " (set by library " + library + ").";
    }

    private static String suspendedKo(LocalDate until, String library) {
        return until + "까지 대출정지 중인 회원입니다 (정지 도서관 " + library + ").";
    }

    private static Map<String, Object> suspensionContext(LocalDate until, String library) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("suspendedUntil", until.toString());
        context.put("suspendedByLibrary", library);
        return context;
    }

    /** The member's last activity (retention counts from it); a plain update, not a versioned entity write. */
    private static void touchMember(String memberNumber, Instant at) {
        Member.getEntityManager()
                .createNativeQuery("update member set last_activity_at = ?2 where member_number = ?1")
                .setParameter(1, memberNumber).setParameter(2, at).executeUpdate();
    }

    /** The degraded rule, explicit and bounded: see {@link CirculationConfig.Degraded}. */
    private void requireDegradedAllowance(String memberNumber) {
        CirculationConfig.Degraded rule = config.degraded();
        long[] counts = QuarkusTransaction.isActive()
                ? new long[] {Loan.activeOf(memberNumber).size(), Loan.activeDegradedOf(memberNumber)}
                : QuarkusTransaction.requiringNew().call(() -> new long[] {
                        Loan.activeOf(memberNumber).size(), Loan.activeDegradedOf(memberNumber)});
        boolean allowed = rule.mode() == CirculationConfig.Mode.BOUNDED
                && counts[0] < rule.nationalCap() && counts[1] < rule.maxLoansPerMember();
        if (!allowed) {
            registry.counter("chaekieum.checkouts.refused-degraded").increment();
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("degradedMode", rule.mode().name());
            context.put("degradedLoansHere", counts[1]);
            context.put("degradedAllowance", rule.maxLoansPerMember());
            throw new ProblemException(ErrorCode.NATIONAL_CAP_UNVERIFIABLE, List.of(), context, null, null);
        }
    }

    private static ProblemException refusalProblem(CheckoutRules.Refusal refusal, String statusReason,
                                                   LocalDate suspendedUntil, String suspendedBy, LocalDate today) {
        Map<String, Object> context = new LinkedHashMap<>();
        String en = null;
        String ko = null;
        if (refusal.code() == ErrorCode.LIBRARY_CAP_REACHED) {
            context.put("loansAtLibrary", refusal.count());
            context.put("libraryCap", refusal.cap());
            en = "The member has " + refusal.count() + " of " + refusal.cap() + " loans allowed at this library.";
            ko = "이 도서관 대출 한도 " + refusal.cap() + "권 중 " + refusal.count() + "권을 대출 중입니다.";
        } else if (refusal.code() == ErrorCode.NO_RENEWALS_LEFT) {
            context.put("renewals", refusal.count());
            context.put("renewalLimit", refusal.cap());
        } else if (refusal.code() == ErrorCode.MEMBER_SUSPENDED) {
            if (CheckoutRules.suspendedOn(suspendedUntil, today)) {
                context.putAll(suspensionContext(suspendedUntil, suspendedBy));
                en = suspendedEn(suspendedUntil, suspendedBy);
                ko = suspendedKo(suspendedUntil, suspendedBy);
            }
            if (statusReason != null) {
                context.put("reason", statusReason);
            }
        }
        return new ProblemException(refusal.code(), List.of(), context, en, ko);
    }

    private Optional<Answer> repeated(String scope, String key, String requestHash) {
        if (key == null) {
            return Optional.empty();
        }
        return idempotency.find(scope, key).map(saved -> {
            if (!saved.requestHash().equals(requestHash)) {
                throw new ProblemException(ErrorCode.IDEMPOTENCY_KEY_REUSED);
            }
            try {
                return new Answer(saved.status() == 201 ? 200 : saved.status(), json.readValue(saved.body(), LoanView.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable saved answer", e);
            }
        });
    }

    private void remember(String scope, String key, String requestHash, int status, LoanView view, Instant at) {
        if (key == null) {
            return;
        }
        try {
            idempotency.save(scope, key, requestHash, status, json.writeValueAsString(view), at);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void lockMember(String memberNumber) {
        Member.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, memberNumber).getSingleResult();
    }

    private static void libraryField(List<FieldError> errors, String libraryCode) {
        if (!LibraryCode.isValid(libraryCode)) {
            errors.add(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID));
        }
    }

    private static ItemBarcode barcode(List<FieldError> errors, String text) {
        try {
            return ItemBarcode.parse(text);
        } catch (InvalidIdentifierException e) {
            errors.add(FieldError.of("itemBarcode", e.code()));
            return null;
        }
    }

    private static ProblemException emptyBody() {
        return new ProblemException(ErrorCode.MALFORMED_REQUEST, List.of(), Map.of(), "The request body is empty.",
                "요청 본문이 비어 있습니다.");
    }

    private static boolean violates(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve && cve.getConstraintName() != null
                    && cve.getConstraintName().contains(constraint)) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains(constraint)) {
                return true;
            }
        }
        return false;
    }
}
