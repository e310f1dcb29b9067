package org.chaekieum.region.circulation;

import static org.chaekieum.region.circulation.Desk.barcode;
import static org.chaekieum.region.circulation.Desk.clip;
import static org.chaekieum.region.circulation.Desk.emptyBody;
import static org.chaekieum.region.circulation.Desk.libraryField;
import static org.chaekieum.region.circulation.Desk.violates;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.LoanStatus;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.ReturnRequest;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.client.HubGateway;
import org.chaekieum.region.client.HubRefusal;
import org.chaekieum.region.config.CirculationConfig;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.policies.PolicyService;
import org.chaekieum.region.repository.IdempotencyStore;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.repository.PendingReturn;
import org.chaekieum.region.suspensions.SuspensionService;
import org.chaekieum.runtime.jobs.Jobs;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Returns at this region's libraries: of its own items here at once; of another region's items (타관반납) through the
 * hub to the owning region, kept with their time ({@code 202}) while it cannot be reached and applied when it can; and
 * the owning region's side of a return made elsewhere. Ending a loan announces it and applies the owning library's
 * suspension rule; the right the loan took stays with this region ({@link NationalRights}).
 */
@ApplicationScoped
public class ReturnService {

    private static final Logger LOG = Logger.getLogger(ReturnService.class);

    /** Gauge: returns of other regions' items kept while their owning region could not be reached. */
    public static final String PENDING_RETURNS_METRIC = "chaekieum.returns.pending";
    /**
     * Counter: returns that arrived longer than {@code return-backdating-limit} after their reported time (the overdue
     * rule counted to their arrival).
     */
    public static final String LATE_RETURN_REPORTS_METRIC = "chaekieum.returns.reported-late";
    /**
     * How long a routed return of an item not on loan, at the library that took it back last, is that same return
     * sent again (see {@link #returnFromElsewhere}).
     */
    static final Duration SAME_RETURN_WITHIN = Duration.ofHours(1);
    /** Refusals of a kept return that settle it: the owning region has no such loan to end (any more). */
    private static final Set<ErrorCode> FINAL_RETURN_REFUSALS = Set.of(ErrorCode.ITEM_NOT_ON_LOAN,
            ErrorCode.LOAN_NOT_FOUND);

    @Inject
    DeskAnswers answers;

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
    Clock clock;

    @Inject
    MeterRegistry registry;

    @Inject
    SuspensionService suspensions;

    @Inject
    Jobs jobs;

    /** Returns of other regions' items kept while their owning region could not be reached, not yet applied. */
    private final AtomicLong pendingReturns = new AtomicLong();

    /** The return figures exist from the start (0), not from the first kept or late return. */
    void registerMetrics(@Observes StartupEvent event) {
        registry.gauge(PENDING_RETURNS_METRIC, pendingReturns);
        registry.counter(LATE_RETURN_REPORTS_METRIC);
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
        Optional<Answer> repeated = answers.repeated(scope, idempotencyKey, requestHash);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        // Microseconds, as PostgreSQL keeps them: the time sent on is the time stored, so a repeat matches it.
        Instant returnedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            if (region.serves(item.owningLibrary())) {
                return QuarkusTransaction.requiringNew().call(() -> {
                    LoanView view = Loans.seenBy(endLoan(item.value(), library.value(), returnedAt), library.value());
                    answers.remember(scope, idempotencyKey, requestHash, 200, view, returnedAt);
                    return new Answer(200, view);
                });
            }
            return returnOfAnotherRegionsItem(item, library, returnedAt, scope, idempotencyKey, requestHash);
        } catch (RuntimeException e) {
            // A twin of this request (same Idempotency-Key) that won the race has saved the answer to give.
            return answers.twinsAnswer(e, scope, idempotencyKey, requestHash);
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
            QuarkusTransaction.requiringNew().run(() -> answers.remember(scope, idempotencyKey, requestHash, 200, routed,
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
            answers.remember(scope, idempotencyKey, requestHash, 202, pending, returnedAt);
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
}
