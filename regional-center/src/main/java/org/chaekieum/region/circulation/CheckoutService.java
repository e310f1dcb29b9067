package org.chaekieum.region.circulation;

import static org.chaekieum.region.circulation.Desk.barcode;
import static org.chaekieum.region.circulation.Desk.emptyBody;
import static org.chaekieum.region.circulation.Desk.libraryField;
import static org.chaekieum.region.circulation.Desk.lockMember;
import static org.chaekieum.region.circulation.Desk.touchMember;
import static org.chaekieum.region.circulation.Desk.violates;
import static org.chaekieum.region.circulation.RuleProblems.refusalProblem;
import static org.chaekieum.region.circulation.RuleProblems.suspensionWarning;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.chaekieum.contracts.api.CheckoutRequest;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.LoanReservation;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.Notice;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.RightsGrant;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.error.Messages;
import org.chaekieum.contracts.event.LoanCreated;
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
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Checkout at this region's libraries.
 *
 * <p>The member's standing and the library's cap are checked here; then the national cap. With rights (the default,
 * issue 17) a free right of the member held here lets the loan, its event and the idempotent answer commit in one
 * transaction, under a per-member lock that re-checks every rule, without asking the hub; only when no right here is
 * free is the hub asked for more ({@link NationalRights}). With reservations the hub grants a place for every loan
 * (counted until the loan's event confirms it). If the hub cannot be asked, the configured degraded rule decides,
 * explicitly: a refusal (the default) or a bounded number of marked loans. Returns are {@link ReturnService}'s,
 * renewals {@link RenewalService}'s.
 */
@ApplicationScoped
public class CheckoutService {

    private static final Logger LOG = Logger.getLogger(CheckoutService.class);

    /** Counter, tag {@code degraded} (true: made under the degraded rule, the hub unreachable): loans made at a desk. */
    public static final String CHECKOUTS_METRIC = "chaekieum.checkouts";

    /** Counter: checkouts refused because the hub could not be asked and the degraded rule's allowance was used up. */
    public static final String REFUSED_DEGRADED_METRIC = "chaekieum.checkouts.refused-degraded";
    private static final String ITEM_ON_LOAN_INDEX = "loan_item_on_loan";

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
    CheckoutRefusals refusals;

    @Inject
    NationalRights rights;

    /**
     * The checkout figures exist from the start (counters at 0), not from the first loan: an alert on the increase of
     * degraded loans sees the first one too.
     */
    void registerMetrics(@Observes StartupEvent event) {
        registry.counter(CHECKOUTS_METRIC, "degraded", "false");
        registry.counter(CHECKOUTS_METRIC, "degraded", "true");
        registry.counter(REFUSED_DEGRADED_METRIC);
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
        Optional<Answer> repeated = answers.repeated(scope, idempotencyKey, requestHash);
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
                answers.remember(scope, idempotencyKey, requestHash, 201, view, loan.checkedOutAt);
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
                return answers.repeated(scope, idempotencyKey, requestHash).orElseThrow(() -> e);
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
                return answers.repeated(c.scope(), c.idempotencyKey(), c.requestHash()).orElseThrow(() -> e);
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
        answers.remember(c.scope(), c.idempotencyKey(), c.requestHash(), 201, view, loan.checkedOutAt);
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
}
