package org.chaekieum.region.circulation;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
import org.chaekieum.contracts.api.RightsGrant;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.error.Messages;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.contracts.rights.RightsBalance;
import org.chaekieum.region.client.HubGateway;
import org.chaekieum.region.client.HubRefusal;
import org.chaekieum.region.config.CirculationConfig;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.policies.PolicyService;
import org.chaekieum.region.repository.BorrowerStanding;
import org.chaekieum.region.repository.IdempotencyStore;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.repository.PendingReturn;
import org.chaekieum.region.suspensions.SuspensionService;
import org.chaekieum.runtime.jobs.Jobs;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.persistence.DatabaseFailures;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Checkout, return anywhere and renewal at this region's libraries.
 *
 * <p>Checkout: the member's standing and the library's cap are checked here; then the national cap. With rights (the
 * default, issue 17) a free right of the member held here lets the loan, its event and the idempotent answer commit in
 * one transaction, under a per-member lock that re-checks every rule, without asking the hub; only when no right here
 * is free is the hub asked for more. With reservations the hub grants a place for every loan (counted until the loan's
 * event confirms it). If the hub cannot be asked, the configured degraded rule decides, explicitly: a refusal (the
 * default) or a bounded number of marked loans.
 */
@ApplicationScoped
public class CirculationService {

    private static final Logger LOG = Logger.getLogger(CirculationService.class);

    /** Counter, tag {@code degraded} (true: made under the degraded rule, the hub unreachable): loans made at a desk. */
    public static final String CHECKOUTS_METRIC = "chaekieum.checkouts";

    /** Counter: checkouts refused because the hub could not be asked and the degraded rule's allowance was used up. */
    public static final String REFUSED_DEGRADED_METRIC = "chaekieum.checkouts.refused-degraded";

    /** Gauge: returns of other regions' items kept while their owning region could not be reached. */
    public static final String PENDING_RETURNS_METRIC = "chaekieum.returns.pending";
    /**
     * Counter: returns that arrived longer than {@code return-backdating-limit} after their reported time (the overdue
     * rule counted to their arrival).
     */
    public static final String LATE_RETURN_REPORTS_METRIC = "chaekieum.returns.reported-late";
    private static final String ITEM_ON_LOAN_INDEX = "loan_item_on_loan";
    /**
     * How long a routed return of an item not on loan, at the library that took it back last, is that same return
     * sent again (see {@link #returnFromElsewhere}).
     */
    static final Duration SAME_RETURN_WITHIN = Duration.ofHours(1);
    /** Refusals of a kept return that settle it: the owning region has no such loan to end (any more). */
    private static final Set<ErrorCode> FINAL_RETURN_REFUSALS = Set.of(ErrorCode.ITEM_NOT_ON_LOAN,
            ErrorCode.LOAN_NOT_FOUND);

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
    Clock clock;

    @Inject
    MeterRegistry registry;

    @Inject
    SuspensionService suspensions;

    @Inject
    Jobs jobs;

    @Inject
    CheckoutRefusals refusals;

    @Inject
    NationalRights rights;

    /** Returns of other regions' items kept while their owning region could not be reached, not yet applied. */
    private final AtomicLong pendingReturns = new AtomicLong();

    /**
     * The circulation figures exist from the start (counters at 0), not from the first loan: an alert on the increase
     * of degraded loans sees the first one too.
     */
    void registerMetrics(@Observes StartupEvent event) {
        registry.gauge(PENDING_RETURNS_METRIC, pendingReturns);
        registry.counter(CHECKOUTS_METRIC, "degraded", "false");
        registry.counter(CHECKOUTS_METRIC, "degraded", "true");
        registry.counter(REFUSED_DEGRADED_METRIC);
        registry.counter(LATE_RETURN_REPORTS_METRIC);
    }

    /** An answer with its HTTP status (201 for a new loan, 200 for a repeated request's saved answer). */
    public record Answer(int status, LoanView loan) {
    }

    /**
     * A checkout; a refusal by a circulation rule is also announced to the hub's statistics ({@link CheckoutRefusals}),
     * after the refusal was decided and in a transaction of its own.
     */
    public Answer checkout(String libraryCodeText, CheckoutRequest request, String idempotencyKey) {
        try {
            return lend(libraryCodeText, request, idempotencyKey);
        } catch (ProblemException refusal) {
            if (CheckoutRefusals.ANNOUNCED.contains(refusal.code())) {
                refusals.refused(libraryCodeText, request.memberNumber(), refusal.code());
            }
            throw refusal;
        }
    }

    private Answer lend(String libraryCodeText, CheckoutRequest request, String idempotencyKey) {
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
            throw new ProblemException(ErrorCode.ITEM_NOT_HELD_HERE)
                    .withContext(Map.of("owningLibrary", item.owningLibrary().value()));
        }
        String memberNumber = request.memberNumber();
        LocalDate today = LocalDate.now(clock);
        LibraryPolicy policy = policies.of(library.value());
        UUID loanId = UUID.randomUUID();
        LocalDate dueOn = today.plusDays(policy.loanPeriodDays());
        if (config.nationalCapBy() == CirculationConfig.NationalCapBy.RIGHTS) {
            // Every rule is checked under the member's lock in the loan's own transaction, before any ask of the hub:
            // no check beforehand (one transaction per checkout, not two).
            return lendOnRights(new Checkout(memberNumber, library, item, policy, today, loanId, dueOn, scope,
                    idempotencyKey, requestHash));
        }
        QuarkusTransaction.requiringNew().run(() -> requireMayBorrow(memberNumber, library, item, policy, today));
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
            registry.counter(CHECKOUTS_METRIC, "degraded", String.valueOf(degraded)).increment();
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

    /** A checkout past its field checks, the standing check and the idempotency look-up. */
    private record Checkout(String memberNumber, LibraryCode library, ItemBarcode item, LibraryPolicy policy,
                            LocalDate today, UUID loanId, LocalDate dueOn, String scope, String idempotencyKey,
                            String requestHash) {
    }

    /** How often a checkout asks the hub for rights before it refuses: a concurrent desk may take a granted right. */
    private static final int RIGHTS_ASKS = 3;

    /** Striped locks: one ask for rights per member at a time in this process. */
    private static final ReentrantLock[] ASKING = new ReentrantLock[256];

    static {
        for (int i = 0; i < ASKING.length; i++) {
            ASKING[i] = new ReentrantLock();
        }
    }

    /**
     * A checkout on the rights of the member's national cap this region holds (issue 17): with a free right here the
     * loan and its event commit in one transaction and the hub is not asked. Without one, the hub is asked once for
     * rights (it grants the unallocated ones or has other regions give some back); none to be had is
     * NATIONAL_CAP_REACHED; the hub unreachable leaves only the degraded rule, if an operator allows it.
     */
    private Answer lendOnRights(Checkout c) {
        RightsGrant lastGrant = null;
        boolean degraded = false;
        for (int asks = 0; ; asks++) {
            // The common case first: a free right here, and the loan commits without any other read or call.
            Answer answer = commitOnRight(c, degraded);
            if (answer != null) {
                return answer;
            }
            if (asks == RIGHTS_ASKS) {
                throw capReached(c.memberNumber(), lastGrant);
            }
            Asked asked = askForRights(c.memberNumber());
            if (asked.lookAgain()) {
                continue;
            }
            if (asked.grant() == null) {
                requireDegradedAllowance(c.memberNumber());
                degraded = true;
                continue;
            }
            lastGrant = asked.grant();
            RightsBalance here = rights.balanceNow(c.memberNumber());
            if (lastGrant.granted() == 0 && !here.canLend() && lastGrant.held() <= here.inUse()) {
                // The ledger gives this region no right its loans do not take: the cap, everywhere. (When it gives
                // more, another replica's grant is on its way here: look again, up to RIGHTS_ASKS.)
                throw capReached(c.memberNumber(), lastGrant);
            }
        }
    }

    /** Whether a loan a library system reports after the fact has a right of the member here to take. */
    enum RightForReport {
        /** A right here is free (or was brought by the ask). */
        FREE,
        /** The hub gave none: every right of the member is taken; the report overrides the national cap. */
        NONE,
        /** The hub could not be asked and no right here is free. */
        UNREACHABLE
    }

    /**
     * For a reported loan ({@link LoanReportService}): a free right of the member here, else one ask of the hub for more
     * (as a checkout asks); never refuses, the book has left. A refusal of the ask by the hub counts as none.
     */
    RightForReport rightForReport(String memberNumber) {
        if (rights.balanceNow(memberNumber).canLend()) {
            return RightForReport.FREE;
        }
        try {
            Asked asked = askForRights(memberNumber);
            if (asked.lookAgain()) {
                return RightForReport.FREE;
            }
            if (asked.grant() == null) {
                return RightForReport.UNREACHABLE;
            }
        } catch (ProblemException refusal) {
            LOG.infof("ask for rights of %s for a reported loan refused: %s", memberNumber, refusal.code());
            return RightForReport.NONE;
        }
        return rights.balanceNow(memberNumber).canLend() ? RightForReport.FREE : RightForReport.NONE;
    }

    /** What one ask for rights came to: the hub's grant (null: unreachable), or rights a concurrent ask brought. */
    private record Asked(RightsGrant grant, boolean lookAgain) {
    }

    /**
     * One ask for the member's rights at a time in this process: desks checking out for one member at once wait for
     * the first ask's rights instead of each asking (and being told the first one took them all).
     */
    private Asked askForRights(String memberNumber) {
        ReentrantLock asking = ASKING[Math.floorMod(memberNumber.hashCode(), ASKING.length)];
        asking.lock();
        try {
            if (rights.balanceNow(memberNumber).canLend()) {
                return new Asked(null, true);
            }
            RightsGrant grant = hub.askRights(memberNumber, region.id(), UUID.randomUUID().toString());
            if (grant != null) {
                rights.credit(memberNumber, grant.moveId(), grant.granted());
            }
            return new Asked(grant, false);
        } catch (HubRefusal refusal) {
            throw ProblemException.relayed(refusal.code(), refusal.problem());
        } finally {
            asking.unlock();
        }
    }

    /**
     * The loan, under the member's lock, on a free right held here (or under the degraded rule); null when no right
     * here is free.
     */
    private Answer commitOnRight(Checkout c, boolean degraded) {
        try {
            Answer answer = QuarkusTransaction.requiringNew().call(() -> {
                lockMember(c.memberNumber());
                List<Notice> warnings = requireMayBorrow(c.memberNumber(), c.library(), c.item(), c.policy(),
                        c.today());
                if (degraded) {
                    requireDegradedAllowance(c.memberNumber()); // again, under the member's lock
                } else if (!NationalRights.balance(c.memberNumber()).canLend()) {
                    return null;
                }
                return commitLoan(c, degraded, warnings);
            });
            if (answer == null) {
                return null;
            }
            registry.counter(CHECKOUTS_METRIC, "degraded", String.valueOf(degraded)).increment();
            if (degraded) {
                LOG.warnf("loan %s at %s made under the degraded rule (hub unreachable, no right held here)",
                        c.loanId(), c.library());
            }
            return answer;
        } catch (RuntimeException e) {
            if (c.idempotencyKey() != null && violates(e, "idempotency_record_pkey")) {
                return repeated(c.scope(), c.idempotencyKey(), c.requestHash()).orElseThrow(() -> e);
            }
            if (violates(e, ITEM_ON_LOAN_INDEX)) {
                throw new ProblemException(ErrorCode.ITEM_ON_LOAN);
            }
            throw e;
        }
    }

    /** The loan, its event and the idempotent answer, in the caller's transaction (the member's lock held). */
    private Answer commitLoan(Checkout c, boolean degraded, List<Notice> warnings) {
        Loan loan = new Loan();
        loan.id = c.loanId();
        loan.memberNumber = c.memberNumber();
        loan.libraryCode = c.library().value();
        loan.itemBarcode = c.item().value();
        loan.checkedOutAt = clock.instant();
        loan.dueOn = c.dueOn();
        loan.degraded = degraded;
        loan.persistAndFlush();
        touchMember(c.memberNumber(), loan.checkedOutAt);
        outbox.append(new LoanCreated(c.loanId().toString(), c.memberNumber(), c.library().value(),
                c.item().owningLibrary().value(), c.item().value(), region.id(), loan.checkedOutAt, c.dueOn(),
                degraded));
        LoanView view = Loans.view(loan, c.policy()).withWarnings(warnings);
        remember(c.scope(), c.idempotencyKey(), c.requestHash(), 201, view, loan.checkedOutAt);
        return new Answer(201, view);
    }

    /** NATIONAL_CAP_REACHED on rights: every right of the member's cap is taken by a loan, here or elsewhere. */
    private ProblemException capReached(String memberNumber, RightsGrant grant) {
        RightsBalance here = rights.balanceNow(memberNumber);
        int cap = grant == null ? here.held() : grant.cap();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("nationalCap", cap);
        context.put("loansInRegion", here.inUse());
        context.put("rightsInRegion", here.held());
        return ProblemException.because(ErrorCode.NATIONAL_CAP_REACHED,
                Messages.of(ErrorCode.NATIONAL_CAP_REACHED, "rights-taken", cap, here.inUse())).withContext(context);
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
        // Microseconds, as PostgreSQL keeps them: the time sent on is the time stored, so a repeat matches it.
        Instant returnedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            if (region.serves(item.owningLibrary())) {
                return QuarkusTransaction.requiringNew().call(() -> {
                    LoanView view = Loans.seenBy(endLoan(item.value(), library.value(), returnedAt), library.value());
                    remember(scope, idempotencyKey, requestHash, 200, view, returnedAt);
                    return new Answer(200, view);
                });
            }
            return returnOfAnotherRegionsItem(item, library, returnedAt, scope, idempotencyKey, requestHash);
        } catch (RuntimeException e) {
            // A twin of this request (same Idempotency-Key) that won the race has saved the answer to give.
            return twinsAnswer(e, scope, idempotencyKey, requestHash);
        }
    }

    /**
     * 타관반납 of another region's item: the owning region ends the loan, through the hub. While it cannot be reached,
     * the return is kept with its time ({@code 202}) and applied when it can; a return of an item kept already is that
     * same return, applied first, so that the loan ends at the time the book was really given back.
     */
    private Answer returnOfAnotherRegionsItem(ItemBarcode item, LibraryCode library, Instant returnedAt, String scope,
                                              String idempotencyKey, String requestHash) {
        Optional<PendingReturn> kept = QuarkusTransaction.requiringNew().call(() -> PendingReturn.openOf(item.value()));
        LoanView answered;
        if (kept.isPresent()) {
            Applied applied = applyPending(kept.get());
            if (applied.refusal() != null && FINAL_RETURN_REFUSALS.contains(applied.refusal().code())) {
                throw ProblemException.relayed(applied.refusal().code(), applied.refusal().problem());
            }
            answered = applied.loan(); // null while it cannot be applied: the return stays kept (202)
        } else {
            try {
                answered = hub.routeReturn(new FederatedReturn(item.value(), library.value(), returnedAt,
                        region.id()));
            } catch (HubRefusal refusal) {
                throw ProblemException.relayed(refusal.code(), refusal.problem());
            }
        }
        // Another region lent it: whatever the owning region answers, this library is not told the borrower.
        LoanView routed = Loans.seenBy(answered, library.value());
        if (routed != null) {
            QuarkusTransaction.requiringNew().run(() -> remember(scope, idempotencyKey, requestHash, 200, routed,
                    returnedAt));
            return new Answer(200, routed);
        }
        try {
            return keep(item, library, returnedAt, scope, idempotencyKey, requestHash);
        } catch (RuntimeException e) {
            if (!violates(e, PendingReturn.OPEN_ITEM_INDEX)) {
                throw e;
            }
            // The same item kept a moment ago by a concurrent return (another desk): this is that return.
            return keep(item, library, returnedAt, scope, idempotencyKey, requestHash);
        }
    }

    private Answer keep(ItemBarcode item, LibraryCode library, Instant returnedAt, String scope, String idempotencyKey,
                        String requestHash) {
        return QuarkusTransaction.requiringNew().call(() -> {
            LoanView pending = keepPendingReturn(item, library, returnedAt);
            remember(scope, idempotencyKey, requestHash, 202, pending, returnedAt);
            return new Answer(202, pending);
        });
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
        // Not in the future (beyond a small clock skew between the regions); not before 2000.
        LoanReportChecks.moment(errors, "returnedAt", request.returnedAt(), clock.instant());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            // The hub retries a forwarded return it got no answer to: the same return gets the same answer. Asked
            // first, so that a repeat never ends a later loan of the same item.
            Optional<LoanView> done = sameReturnDone(item.value(), request);
            if (done.isPresent()) {
                return Loans.seenBy(done.get(), request.returnedAtLibrary());
            }
            Optional<Loan> active = Loan.activeByItemLocked(item.value());
            if (active.isPresent() && request.returnedAt().plus(LoanReportChecks.CLOCK_SKEW)
                    .isBefore(active.get().checkedOutAt)) {
                // The item's current loan began after this return (beyond the regions' clock skew): the return is of
                // an earlier loan, not of this one.
                throw ProblemException.because(ErrorCode.ITEM_NOT_ON_LOAN, "returned-before-loan",
                        active.get().checkedOutAt);
            }
            if (active.isPresent()) {
                return Loans.seenBy(endLoan(active.get(), request.returnedAtLibrary(), request.returnedAt()),
                        request.returnedAtLibrary());
            }
            // Not on loan (any more): perhaps a twin of this request ended it while this one waited for the lock, or
            // the returning region sends the same return again because the answer never reached it (it saves the
            // answer only after this commit, and may have crashed in between): the item's last return, at the same
            // library a short while before, is that return, and gets its answer.
            return sameReturnDone(item.value(), request).or(() -> Loan.lastReturnOf(item.value())
                            .filter(last -> request.returnedAtLibrary().equals(last.returnedAtLibrary)
                                    && !last.returnedAt.isAfter(request.returnedAt())
                                    && last.returnedAt.isAfter(request.returnedAt().minus(SAME_RETURN_WITHIN)))
                            .map(last -> Loans.view(last, policies.of(last.libraryCode))))
                    .map(view -> Loans.seenBy(view, request.returnedAtLibrary()))
                    .orElseThrow(() -> new ProblemException(ErrorCode.ITEM_NOT_ON_LOAN));
        });
    }

    private Optional<LoanView> sameReturnDone(String itemBarcode, FederatedReturn request) {
        return Loan.<Loan>find("itemBarcode = ?1 and returnedAt = ?2 and returnedAtLibrary = ?3", itemBarcode,
                        request.returnedAt(), request.returnedAtLibrary()).firstResultOptional()
                .map(loan -> Loans.view(loan, policies.of(loan.libraryCode)));
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
                remember(scope, idempotencyKey, requestHash, 200, view, now);
                return new Answer(200, view);
            });
        } catch (RuntimeException e) {
            return twinsAnswer(e, scope, idempotencyKey, requestHash); // a twin with the same key renewed first
        }
    }

    /**
     * The active loan of an item the library owns. Any other item answers {@link ErrorCode#ITEM_NOT_ON_LOAN} too,
     * lent or not: a library learns nothing of another library's borrowers here.
     */
    public LoanView activeLoanOfOwnItem(String libraryCodeText, String itemBarcodeText) {
        List<FieldError> errors = new ArrayList<>();
        libraryField(errors, libraryCodeText);
        ItemBarcode item = barcode(errors, itemBarcodeText);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        LibraryCode library = LibraryCode.of(libraryCodeText);
        enrollment.requireServed(library);
        if (!item.owningLibrary().equals(library)) {
            throw new ProblemException(ErrorCode.ITEM_NOT_ON_LOAN);
        }
        return QuarkusTransaction.requiringNew().call(() -> Loan.activeOfItem(item.value())
                .map(loan -> Loans.view(loan, policies.of(loan.libraryCode)))
                .orElseThrow(() -> new ProblemException(ErrorCode.ITEM_NOT_ON_LOAN)));
    }

    /** This region's loans of the member, for when the hub cannot give the federation-wide view. */
    public List<LoanView> localLoans(String memberNumber) {
        return QuarkusTransaction.requiringNew().call(() -> Loan.activeOf(memberNumber).stream()
                .map(loan -> Loans.view(loan, policies.of(loan.libraryCode))).toList());
    }

    /** Returns recorded while the hub was away, applied when it answers (on one replica at a time). */
    @Scheduled(every = "${chaekieum.circulation.pending-return-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledPendingReturns() {
        jobs.alone("pending-returns", this::applyPendingReturns);
    }

    /**
     * Applies the kept returns, oldest first. An owning region that cannot be reached is skipped for the rest of the
     * run (its returns wait, the others go on); a refusal that is not final (e.g. this region's token refused) keeps
     * the return for the next run, logged and counted. Counts what still waits.
     */
    void applyPendingReturns() {
        Set<String> unreachable = new HashSet<>();
        for (PendingReturn pending : QuarkusTransaction.requiringNew().call(() -> PendingReturn.oldestOpen(100))) {
            String owningRegion = ItemBarcode.parse(pending.itemBarcode).owningLibrary().regionDigits();
            if (unreachable.contains(owningRegion)) {
                continue;
            }
            Applied applied = applyPending(pending);
            if (applied.unreachable()) {
                unreachable.add(owningRegion);
            }
        }
        pendingReturns.set(QuarkusTransaction.requiringNew().call(PendingReturn::open));
    }

    /** What became of a kept return: the owning region's answer, its refusal, or nothing yet (unreachable). */
    private record Applied(LoanView loan, HubRefusal refusal) {
        boolean unreachable() {
            return loan == null && refusal == null;
        }
    }

    /**
     * Sends a kept return to the owning region with its original time and library. It is closed when the owning
     * region ends the loan, or says for good that the item is not on loan; any other refusal keeps it for later.
     */
    private Applied applyPending(PendingReturn pending) {
        FederatedReturn request = new FederatedReturn(pending.itemBarcode, pending.returnedAtLibrary,
                pending.returnedAt, region.id());
        LoanView routed;
        try {
            routed = hub.routeReturn(request);
        } catch (HubRefusal refusal) {
            if (!FINAL_RETURN_REFUSALS.contains(refusal.code())) {
                registry.counter("chaekieum.returns.pending.refused", "code", refusal.code().name()).increment();
                LOG.errorf("kept return of %s at %s refused (%s): kept, tried again at the next run",
                        pending.itemBarcode, pending.returnedAtLibrary, refusal.code());
                return new Applied(null, refusal);
            }
            close(pending, "REFUSED_" + refusal.code().name());
            LOG.warnf("kept return of %s at %s closed: the owning region answers %s", pending.itemBarcode,
                    pending.returnedAtLibrary, refusal.code());
            return new Applied(null, refusal);
        }
        if (routed == null) {
            return new Applied(null, null);
        }
        close(pending, "APPLIED");
        LOG.infof("kept return of %s at %s (returned %s) applied by the owning region", pending.itemBarcode,
                pending.returnedAtLibrary, pending.returnedAt);
        return new Applied(routed, null);
    }

    private void close(PendingReturn pending, String outcome) {
        UUID id = pending.id;
        String clipped = clip(outcome, 40);
        QuarkusTransaction.requiringNew().run(() -> PendingReturn.update(
                "appliedAt = ?1, outcome = ?2 where id = ?3 and appliedAt is null", clock.instant(), clipped, id));
        pendingReturns.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** Ends the item's active loan; a concurrent return of the same item waits, then finds it not on loan. */
    private LoanView endLoan(String itemBarcode, String returnedAtLibrary, Instant returnedAt) {
        Loan loan = Loan.activeByItemLocked(itemBarcode)
                .orElseThrow(() -> new ProblemException(ErrorCode.ITEM_NOT_ON_LOAN));
        return endLoan(loan, returnedAtLibrary, returnedAt);
    }

    /** Ends a loan locked by the caller, announces it, and applies the owning library's suspension rule. */
    private LoanView endLoan(Loan loan, String returnedAtLibrary, Instant returnedAt) {
        return endLoan(loan, returnedAtLibrary, returnedAt, true);
    }

    /**
     * Ends a loan locked by the caller at {@code returnedAt} and announces it (loan.returned); the owning library's
     * suspension rule is applied unless the loan is undone rather than returned ({@code suspensionRule} false). In the
     * caller's transaction.
     */
    LoanView endLoan(Loan loan, String returnedAtLibrary, Instant returnedAt, boolean suspensionRule) {
        return endLoan(loan, returnedAtLibrary, returnedAt, suspensionRule, clock.instant());
    }

    /**
     * {@link #endLoan(Loan, String, Instant, boolean)} for a return that arrived here at {@code arrivedAt} (a kept
     * report: when it was received): given back longer than {@code chaekieum.circulation.return-backdating-limit}
     * before it arrived, the suspension rule counts up to its arrival instead.
     */
    LoanView endLoan(Loan loan, String returnedAtLibrary, Instant returnedAt, boolean suspensionRule,
                     Instant arrivedAt) {
        String itemBarcode = loan.itemBarcode;
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
        boolean erased = loan.memberNumber != null
                && Member.byNumber(loan.memberNumber).map(Member::isErased).orElse(false);
        if (erased) {
            // The member's data was erased while the item was out: the ended loan stays anonymised, like the others.
            loan.memberNumber = null;
        } else if (suspensionRule) {
            suspensions.onReturn(loan, suspensionCountsFrom(loan, returnedAt, arrivedAt));
        }
        return Loans.view(loan, policies.of(loan.libraryCode));
    }

    /**
     * When the overdue rule counts a return from: its time, unless it arrived longer than the backdating limit after
     * it (then its arrival: a backdated return avoids at most the limit's worth of overdue days).
     */
    private Instant suspensionCountsFrom(Loan loan, Instant returnedAt, Instant arrivedAt) {
        Duration limit = config.returnBackdatingLimit();
        if (arrivedAt == null || !returnedAt.plus(limit).isBefore(arrivedAt)) {
            return returnedAt;
        }
        registry.counter(LATE_RETURN_REPORTS_METRIC).increment();
        LOG.warnf("return of loan %s given at %s arrived at %s, more than %s later: the overdue rule counts to its "
                + "arrival", loan.id, returnedAt, arrivedAt, limit);
        return arrivedAt;
    }

    /**
     * Keeps a return of another region's item until the owning region can be reached; a return of the same item kept
     * already (scanned again, or a concurrent twin) is that same return. In the caller's transaction.
     */
    private LoanView keepPendingReturn(ItemBarcode item, LibraryCode library, Instant returnedAt) {
        PendingReturn kept = PendingReturn.openOf(item.value()).orElse(null);
        if (kept == null) {
            kept = new PendingReturn();
            kept.id = UUID.randomUUID();
            kept.itemBarcode = item.value();
            kept.returnedAtLibrary = library.value();
            kept.returnedAt = returnedAt;
            kept.createdAt = returnedAt;
            kept.persistAndFlush();
            pendingReturns.incrementAndGet();
            LOG.warnf("return of %s at %s kept until the owning region can be reached", item.value(), library);
        }
        return new LoanView(null, null, null, item.owningLibrary().value(), item.value(), null, null, 0, 0,
                LoanStatus.RETURNED, false, kept.returnedAt, kept.returnedAtLibrary, TransitState.RETURNED_ELSEWHERE);
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
        Messages.Text suspended = suspended(suspendedUntil, suspendedBy);
        return List.of(new Notice(ErrorCode.MEMBER_SUSPENDED.name(), suspended.en(), suspended.ko(),
                suspensionContext(suspendedUntil, suspendedBy)));
    }

    private static Messages.Text suspended(LocalDate until, String library) {
        return Messages.of(ErrorCode.MEMBER_SUSPENDED, "until", until, library);
    }

    private static Map<String, Object> suspensionContext(LocalDate until, String library) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("suspendedUntil", until.toString());
        context.put("suspendedByLibrary", library);
        return context;
    }

    /** The member's last activity (retention counts from it); a plain update, not a versioned entity write. */
    static void touchMember(String memberNumber, Instant at) {
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
            registry.counter(REFUSED_DEGRADED_METRIC).increment();
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("degradedMode", rule.mode().name());
            context.put("degradedLoansHere", counts[1]);
            context.put("degradedAllowance", rule.maxLoansPerMember());
            throw new ProblemException(ErrorCode.NATIONAL_CAP_UNVERIFIABLE).withContext(context);
        }
    }

    private static ProblemException refusalProblem(CheckoutRules.Refusal refusal, String statusReason,
                                                   LocalDate suspendedUntil, String suspendedBy, LocalDate today) {
        Map<String, Object> context = new LinkedHashMap<>();
        Messages.Text detail = null;
        if (refusal.code() == ErrorCode.LIBRARY_CAP_REACHED) {
            context.put("loansAtLibrary", refusal.count());
            context.put("libraryCap", refusal.cap());
            detail = Messages.of(ErrorCode.LIBRARY_CAP_REACHED, "loans-at-library", refusal.count(), refusal.cap());
        } else if (refusal.code() == ErrorCode.NO_RENEWALS_LEFT) {
            context.put("renewals", refusal.count());
            context.put("renewalLimit", refusal.cap());
        } else if (refusal.code() == ErrorCode.MEMBER_SUSPENDED) {
            if (CheckoutRules.suspendedOn(suspendedUntil, today)) {
                context.putAll(suspensionContext(suspendedUntil, suspendedBy));
                detail = suspended(suspendedUntil, suspendedBy);
            }
            if (statusReason != null) {
                context.put("reason", statusReason);
            }
        }
        return ProblemException.because(refusal.code(), detail).withContext(context);
    }

    /**
     * After a write failed: the answer its twin saved, when a request with the same Idempotency-Key ran at the same
     * moment and won (a concurrent insert of the same key, or the loan it ended first); otherwise the failure itself.
     */
    private Answer twinsAnswer(RuntimeException failure, String scope, String key, String requestHash) {
        if (key != null) {
            Optional<Answer> saved = repeated(scope, key, requestHash);
            if (saved.isPresent()) {
                return saved.get();
            }
        }
        throw failure;
    }

    private Optional<Answer> repeated(String scope, String key, String requestHash) {
        return idempotency.replay(scope, key, requestHash, LoanView.class)
                .map(saved -> new Answer(saved.status(), saved.body()));
    }

    private void remember(String scope, String key, String requestHash, int status, LoanView view, Instant at) {
        idempotency.remember(scope, key, requestHash, status, view, at);
    }

    static void lockMember(String memberNumber) {
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
        return ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body");
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** Whether the write failed on the named constraint or unique index (by its name, not the message). */
    static boolean violates(Throwable e, String constraint) {
        return DatabaseFailures.violates(e, constraint);
    }
}
