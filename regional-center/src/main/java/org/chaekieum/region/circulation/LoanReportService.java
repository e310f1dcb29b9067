package org.chaekieum.region.circulation;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.LoanChangeReport;
import org.chaekieum.contracts.api.LoanReport;
import org.chaekieum.contracts.api.LoanReportView;
import org.chaekieum.contracts.api.LoanReservation;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.ReturnReport;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.client.HubGateway;
import org.chaekieum.region.client.HubRefusal;
import org.chaekieum.region.config.CirculationConfig;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.policies.PolicyService;
import org.chaekieum.region.repository.BorrowerStanding;
import org.chaekieum.region.repository.IdempotencyStore;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.region.repository.WaitingReport;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Loans a local library system (KOLAS III) reports after the fact: queued at the library, sent late, in order, possibly
 * twice. The book is in the member's hands, so a report is never refused by a circulation rule: a loan that went past
 * one is recorded degraded, with the rules it overrode, and reported to the hub. One loan per library and local key
 * (로컬KEY): a report of a key with a loan is that same report. A report that cannot be applied yet (member not here
 * yet, item still on loan under another key, a return before its loan) is kept ({@link WaitingReport}) and applied by
 * {@link LoanReportRetry}.
 */
@ApplicationScoped
public class LoanReportService {

    private static final Logger LOG = Logger.getLogger(LoanReportService.class);
    private static final String ITEM_ON_LOAN_INDEX = "loan_item_on_loan";
    private static final String ACTIVE_KEY_INDEX = "loan_local_key_active";
    private static final String IDEMPOTENCY_PKEY = "idempotency_record_pkey";

    @Inject
    RegionConfig region;

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
    CheckoutService checkouts;

    @Inject
    ReturnService returns;

    @Inject
    CirculationConfig circulationConfig;

    /** An answer with its HTTP status. */
    public record Answer(int status, LoanReportView report) {
    }

    /** A loan report, checked. */
    record Reported(String library, String localKey, String memberNumber, ItemBarcode item, Instant checkedOutAt,
                    LocalDate dueOn) {
        static Reported of(WaitingReport kept) {
            return new Reported(kept.libraryCode.trim(), kept.localKey, kept.memberNumber.trim(),
                    ItemBarcode.parse(kept.itemBarcode), kept.checkedOutAt, kept.dueOn);
        }
    }

    /** Where an answer is remembered for a retried request (no key: not remembered). */
    private record Idem(String scope, String key, String hash) {
        static final Idem NONE = new Idem(null, null, null);
    }

    /** Thrown inside a transaction to roll it back and keep the report instead. */
    private static final class MustWait extends RuntimeException {
        final ErrorCode code;

        MustWait(ErrorCode code) {
            super(code.name(), null, false, false);
            this.code = code;
        }
    }

    // ---- PUT /loan-reports/{localKey} ---------------------------------------------------------------------------

    public Answer reportLoan(String libraryText, String localKey, LoanReport report, String idempotencyKey) {
        List<FieldError> errors = pathErrors(libraryText, localKey);
        if (report == null) {
            throw emptyBody();
        }
        try {
            UnifiedMemberNumber.parse(report.memberNumber());
        } catch (InvalidIdentifierException e) {
            errors.add(FieldError.of("memberNumber", e.code()));
        }
        ItemBarcode item = null;
        try {
            item = ItemBarcode.parse(report.itemBarcode());
        } catch (InvalidIdentifierException e) {
            errors.add(FieldError.of("itemBarcode", e.code()));
        }
        Instant now = clock.instant();
        LoanReportChecks.moment(errors, "checkedOutAt", report.checkedOutAt(), now);
        LoanReportChecks.dueOn(errors, report.dueOn(), report.checkedOutAt(), clock.getZone());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        LibraryCode library = served(libraryText);
        if (!item.owningLibrary().equals(library)) {
            throw new ProblemException(ErrorCode.ITEM_NOT_HELD_HERE)
                    .withContext(Map.of("owningLibrary", item.owningLibrary().value()));
        }
        Instant checkedOutAt = report.checkedOutAt().truncatedTo(ChronoUnit.MICROS);
        Idem idem = new Idem("loan-report:" + library, idempotencyKey, IdempotencyStore.hash(localKey,
                report.memberNumber(), item.value(), checkedOutAt.toString(), report.dueOn().toString()));
        Optional<Answer> repeated = repeated(idem);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        Optional<Answer> existing = QuarkusTransaction.requiringNew().call(() -> Loan.latestByKey(library.value(),
                localKey).map(loan -> new Answer(200, applied(loan))));
        if (existing.isPresent()) {
            count("repeated");
            return existing.get();
        }
        // A report kept already is the report (the same report drained again): try it again now.
        Optional<WaitingReport> kept = QuarkusTransaction.requiringNew().call(() -> WaitingReport.open(library.value(),
                localKey, WaitingReport.LOAN));
        Reported reported = kept.map(Reported::of).orElseGet(() -> new Reported(library.value(), localKey,
                report.memberNumber(), ItemBarcode.parse(report.itemBarcode()), checkedOutAt, report.dueOn()));
        return apply(reported, kept.orElse(null), idem);
    }

    private static void overrideOnce(List<String> overrode, String code) {
        if (!overrode.contains(code)) {
            overrode.add(code);
        }
    }

    /**
     * Applies a loan report: the loan with the reported times, its event and the answer in one transaction, under the
     * member's lock; or keeps the report when it cannot be applied yet. {@code kept}: the report kept already.
     */
    private Answer apply(Reported r, WaitingReport kept, Idem idem) {
        LibraryPolicy policy = policies.of(r.library());
        LocalDate lentOn = LocalDate.ofInstant(r.checkedOutAt(), clock.getZone());
        Optional<BorrowerStanding> standing = QuarkusTransaction.requiringNew().call(() ->
                BorrowerStanding.of(r.memberNumber(), r.library(), r.item().value()));
        if (standing.isEmpty() || !standing.get().registeredHere()) {
            return keep(r, kept, ErrorCode.MEMBER_NOT_FOUND, idem);
        }
        if (standing.get().itemOnLoan()) {
            return keep(r, kept, ErrorCode.ITEM_ON_LOAN, idem);
        }
        List<String> overrode = new ArrayList<>(LoanReportChecks.overrode(standing.get(), policy, lentOn));
        UUID loanId = UUID.randomUUID();
        boolean onRights = circulationConfig.nationalCapBy() == CirculationConfig.NationalCapBy.RIGHTS;
        LoanReservation reservation = null;
        boolean checked;
        if (onRights) {
            // The loan takes a right of the member held here; with none free, the hub is asked once for more. The book
            // has left either way: no right to be had is recorded as the national cap overridden.
            CheckoutService.RightForReport right = checkouts.rightForReport(r.memberNumber());
            checked = right != CheckoutService.RightForReport.UNREACHABLE;
            if (right == CheckoutService.RightForReport.NONE) {
                overrideOnce(overrode, ErrorCode.NATIONAL_CAP_REACHED.name());
            }
        } else {
            try {
                reservation = hub.reserveLoan(new LoanReservationRequest(loanId.toString(), r.memberNumber(),
                        r.library(), region.id(), r.item().value(), r.dueOn(), CheckoutRules.warnOnly(policy)));
            } catch (HubRefusal refusal) {
                overrideOnce(overrode, refusal.code().name());
            }
            checked = reservation != null;
        }
        boolean reserved = reservation != null;
        try {
            Answer answer = QuarkusTransaction.requiringNew().call(() -> {
                Desk.lockMember(r.memberNumber());
                if (onRights && checked && !NationalRights.balance(r.memberNumber()).canLend()) {
                    overrideOnce(overrode, ErrorCode.NATIONAL_CAP_REACHED.name()); // a desk took the right meanwhile
                }
                boolean degraded = !checked || !overrode.isEmpty();
                Optional<Loan> twin = Loan.latestByKey(r.library(), r.localKey());
                if (twin.isPresent()) {
                    if (kept != null) {
                        WaitingReport.update("appliedAt = ?1, outcome = 'APPLIED' where id = ?2 and appliedAt is null",
                                clock.instant(), kept.id);
                    }
                    return new Answer(200, applied(twin.get())); // a twin of this report applied it first
                }
                BorrowerStanding now = BorrowerStanding.of(r.memberNumber(), r.library(), r.item().value())
                        .orElseThrow(() -> new MustWait(ErrorCode.MEMBER_NOT_FOUND));
                if (now.itemOnLoan()) {
                    throw new MustWait(ErrorCode.ITEM_ON_LOAN);
                }
                Loan loan = new Loan();
                loan.id = loanId;
                loan.memberNumber = r.memberNumber();
                loan.libraryCode = r.library();
                loan.itemBarcode = r.item().value();
                loan.checkedOutAt = r.checkedOutAt();
                loan.dueOn = r.dueOn();
                loan.degraded = degraded;
                loan.localKey = r.localKey();
                loan.overrode = LoanReportChecks.column(overrode);
                loan.persistAndFlush();
                Desk.touchMember(r.memberNumber(), clock.instant());
                outbox.append(new LoanCreated(loanId.toString(), r.memberNumber(), r.library(),
                        r.item().owningLibrary().value(), r.item().value(), region.id(), r.checkedOutAt(), r.dueOn(),
                        degraded, overrode.isEmpty() ? null : List.copyOf(overrode)));
                if (kept != null) {
                    close(kept, "APPLIED");
                }
                applyKeptReturn(loan);
                Answer done = new Answer(201, applied(loan));
                remember(idem, done);
                return done;
            });
            if (answer.status() == 201) {
                count(overrode.isEmpty() ? "applied" : "overrode");
                if (!overrode.isEmpty()) {
                    LOG.warnf("reported loan %s at %s went past %s: recorded degraded and reported to the hub",
                            loanId, r.library(), String.join(",", overrode));
                } else if (!checked) {
                    LOG.warnf("reported loan %s at %s recorded degraded (hub unreachable)", loanId, r.library());
                }
            } else if (reserved) {
                hub.releaseLoan(loanId.toString());
            }
            return answer;
        } catch (RuntimeException e) {
            if (reserved) {
                hub.releaseLoan(loanId.toString());
            }
            if (e instanceof MustWait wait) {
                return keep(r, kept, wait.code, idem);
            }
            if (Desk.violates(e, ITEM_ON_LOAN_INDEX)) {
                return keep(r, kept, ErrorCode.ITEM_ON_LOAN, idem);
            }
            if (Desk.violates(e, ACTIVE_KEY_INDEX)) {
                return QuarkusTransaction.requiringNew().call(() -> Loan.latestByKey(r.library(), r.localKey())
                        .map(loan -> new Answer(200, applied(loan)))).orElseThrow(() -> e);
            }
            if (idem.key() != null && Desk.violates(e, IDEMPOTENCY_PKEY)) {
                return repeated(idem).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** A return kept before its loan arrived: applied now, after the loan, in the caller's transaction. */
    private void applyKeptReturn(Loan loan) {
        WaitingReport.openLocked(loan.libraryCode, loan.localKey, WaitingReport.RETURN).ifPresent(ret -> {
            Instant at = ret.returnedAt.isBefore(loan.checkedOutAt) ? loan.checkedOutAt : ret.returnedAt;
            returns.endLoan(loan, ret.returnedAtLibrary.trim(), at, true, ret.receivedAt);
            close(ret, "APPLIED");
            LOG.infof("kept return of reported loan %s at %s applied", loan.id, loan.libraryCode);
        });
    }

    /** Keeps (or keeps on keeping) a loan report that cannot be applied yet: 202 WAITING. */
    private Answer keep(Reported r, WaitingReport kept, ErrorCode waitingFor, Idem idem) {
        try {
            return keepOnce(r, kept, waitingFor, idem);
        } catch (RuntimeException e) {
            if (Desk.violates(e, WaitingReport.OPEN_INDEX)) {
                // The same report kept a moment ago by a twin: this is that report.
                return keepOnce(r, QuarkusTransaction.requiringNew().call(() -> WaitingReport.open(r.library(),
                        r.localKey(), WaitingReport.LOAN).orElseThrow(() -> e)), waitingFor, idem);
            }
            if (idem.key() != null && Desk.violates(e, IDEMPOTENCY_PKEY)) {
                return repeated(idem).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private Answer keepOnce(Reported r, WaitingReport kept, ErrorCode waitingFor, Idem idem) {
        Instant now = clock.instant();
        Answer answer = QuarkusTransaction.requiringNew().call(() -> {
            if (kept != null) {
                tried(kept.id, waitingFor, now);
            } else {
                WaitingReport w = new WaitingReport();
                w.id = UUID.randomUUID();
                w.libraryCode = r.library();
                w.localKey = r.localKey();
                w.kind = WaitingReport.LOAN;
                w.memberNumber = r.memberNumber();
                w.itemBarcode = r.item().value();
                w.checkedOutAt = r.checkedOutAt();
                w.dueOn = r.dueOn();
                w.waitingFor = waitingFor.name();
                w.receivedAt = now;
                w.attempts = 1;
                w.lastTriedAt = now;
                w.persistAndFlush();
                LOG.infof("loan report %s at %s kept: waits for %s", r.localKey(), r.library(), waitingFor);
            }
            Answer waiting = new Answer(202, waiting(r.library(), r.localKey(), waitingFor.name()));
            remember(idem, waiting);
            return waiting;
        });
        if (kept == null) {
            count("waiting");
        }
        return answer;
    }

    // ---- PUT /loan-reports/{localKey}/return ----------------------------------------------------------------------

    public Answer reportReturn(String libraryText, String localKey, ReturnReport report, String idempotencyKey) {
        List<FieldError> errors = pathErrors(libraryText, localKey);
        if (report == null) {
            throw emptyBody();
        }
        String returnedAtLibrary = report.returnedAtLibrary() == null ? libraryText : report.returnedAtLibrary();
        if (report.returnedAtLibrary() != null && !LibraryCode.isValid(report.returnedAtLibrary())) {
            errors.add(FieldError.of("returnedAtLibrary", ErrorCode.LIBRARY_CODE_INVALID));
        }
        LoanReportChecks.moment(errors, "returnedAt", report.returnedAt(), clock.instant());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        LibraryCode library = served(libraryText);
        Instant returnedAt = report.returnedAt().truncatedTo(ChronoUnit.MICROS);
        Idem idem = new Idem("loan-report-return:" + library, idempotencyKey, IdempotencyStore.hash(localKey,
                returnedAtLibrary, returnedAt.toString()));
        Optional<Answer> repeated = repeated(idem);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        String[] endedItem = new String[1];
        Supplier<Answer> write = () -> idempotent(idem, () -> QuarkusTransaction.requiringNew()
                .call(() -> {
            Loan loan = Loan.latestByKeyLocked(library.value(), localKey).orElse(null);
            Answer result;
            if (loan == null) {
                WaitingReport kept = WaitingReport.open(library.value(), localKey, WaitingReport.RETURN).orElse(null);
                if (kept == null) {
                    kept = new WaitingReport();
                    kept.id = UUID.randomUUID();
                    kept.libraryCode = library.value();
                    kept.localKey = localKey;
                    kept.kind = WaitingReport.RETURN;
                    kept.returnedAtLibrary = returnedAtLibrary;
                    kept.returnedAt = returnedAt;
                    kept.waitingFor = ErrorCode.LOAN_NOT_FOUND.name();
                    kept.receivedAt = clock.instant();
                    kept.attempts = 1;
                    kept.lastTriedAt = kept.receivedAt;
                    fillFromLoanReport(kept);
                    kept.persistAndFlush();
                    LOG.infof("return report %s at %s kept: its loan has not been reported yet", localKey, library);
                }
                result = new Answer(202, waiting(library.value(), localKey, ErrorCode.LOAN_NOT_FOUND.name()));
                count("waiting");
            } else if (!loan.isActive()) {
                result = new Answer(200, applied(loan));
                count("repeated");
            } else {
                if (returnedAt.isBefore(loan.checkedOutAt)) {
                    throw ProblemException.invalid(List.of(FieldError.of("returnedAt", ErrorCode.FIELD_INVALID,
                            "returned-before-loan", loan.checkedOutAt)));
                }
                returns.endLoan(loan, returnedAtLibrary, returnedAt, true);
                endedItem[0] = loan.itemBarcode;
                result = new Answer(200, applied(loan));
                count("applied");
            }
            remember(idem, result);
            return result;
        }));
        Answer answer;
        try {
            answer = write.get();
        } catch (RuntimeException e) {
            if (!Desk.violates(e, WaitingReport.OPEN_INDEX)) {
                throw e;
            }
            answer = write.get(); // the same return kept a moment ago by a twin: this is that return
        }
        if (endedItem[0] != null) {
            retry.afterReturn(endedItem[0]);
        }
        return answer;
    }

    @Inject
    LoanReportRetry retry;

    /** A kept return names the member and item of its kept loan report, when there is one (for the operators). */
    private static void fillFromLoanReport(WaitingReport ret) {
        WaitingReport.open(ret.libraryCode, ret.localKey, WaitingReport.LOAN).ifPresent(loanReport -> {
            ret.memberNumber = loanReport.memberNumber;
            ret.itemBarcode = loanReport.itemBarcode;
        });
    }

    // ---- DELETE /loan-reports/{localKey} (K21) --------------------------------------------------------------------

    public Answer undoLoan(String libraryText, String localKey, String idempotencyKey) {
        LibraryCode library = checkedPath(libraryText, localKey);
        Idem idem = new Idem("loan-report-undo:" + library, idempotencyKey, IdempotencyStore.hash(localKey));
        Optional<Answer> repeated = repeated(idem);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        return idempotent(idem, () -> QuarkusTransaction.requiringNew().call(() -> {
            Loan loan = Loan.latestByKeyLocked(library.value(), localKey).orElse(null);
            Answer result;
            if (loan == null) {
                Optional<WaitingReport> kept = WaitingReport.openLocked(library.value(), localKey, WaitingReport.LOAN);
                if (kept.isEmpty()) {
                    throw new ProblemException(ErrorCode.LOAN_NOT_FOUND);
                }
                close(kept.get(), "CANCELLED");
                WaitingReport.openLocked(library.value(), localKey, WaitingReport.RETURN)
                        .ifPresent(ret -> close(ret, "CANCELLED"));
                LOG.infof("kept loan report %s at %s cancelled (undone before it was applied)", localKey, library);
                result = new Answer(200, new LoanReportView(library.value(), localKey, LoanReportView.State.APPLIED,
                        null, null, null));
            } else if (!loan.isActive()) {
                result = new Answer(200, applied(loan));
            } else {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                loan.undoneAt = now;
                returns.endLoan(loan, loan.libraryCode, now, false);
                LOG.infof("reported loan %s at %s undone", loan.id, library);
                result = new Answer(200, applied(loan));
            }
            remember(idem, result);
            return result;
        }));
    }

    // ---- PATCH /loan-reports/{localKey} (K23) ---------------------------------------------------------------------

    public Answer changeLoan(String libraryText, String localKey, LoanChangeReport change, String idempotencyKey) {
        List<FieldError> errors = pathErrors(libraryText, localKey);
        if (change == null) {
            throw emptyBody();
        }
        if (change.dueOn() == null) {
            errors.add(FieldError.of("dueOn", ErrorCode.FIELD_REQUIRED));
        }
        if (change.renewals() != null && (change.renewals() < 0 || change.renewals() > LoanReportChecks.MAX_RENEWALS)) {
            errors.add(FieldError.of("renewals", ErrorCode.FIELD_INVALID));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        LibraryCode library = served(libraryText);
        Idem idem = new Idem("loan-report-change:" + library, idempotencyKey, IdempotencyStore.hash(localKey,
                change.dueOn().toString(), String.valueOf(change.renewals())));
        Optional<Answer> repeated = repeated(idem);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        return idempotent(idem, () -> QuarkusTransaction.requiringNew().call(() -> {
            Loan loan = Loan.latestByKeyLocked(library.value(), localKey).filter(Loan::isActive)
                    .orElseThrow(() -> new ProblemException(ErrorCode.LOAN_NOT_FOUND));
            List<FieldError> late = new ArrayList<>();
            LoanReportChecks.dueOn(late, change.dueOn(), loan.checkedOutAt, clock.getZone());
            if (!late.isEmpty()) {
                throw ProblemException.invalid(late);
            }
            int renewals = change.renewals() == null ? loan.renewals : change.renewals();
            if (!change.dueOn().equals(loan.dueOn) || renewals != loan.renewals) {
                loan.dueOn = change.dueOn();
                loan.renewals = renewals;
                if (loan.memberNumber != null) {
                    outbox.append(new LoanRenewed(loan.id.toString(), loan.memberNumber, loan.dueOn, loan.renewals,
                            clock.instant(), loan.libraryCode));
                }
                LOG.infof("reported loan %s at %s changed: due %s, %d renewal(s)", loan.id, library, loan.dueOn,
                        loan.renewals);
            }
            Answer result = new Answer(200, applied(loan));
            remember(idem, result);
            return result;
        }));
    }

    // ---- DELETE /loan-reports/{localKey}/return (K22) -------------------------------------------------------------

    public Answer undoReturn(String libraryText, String localKey, String idempotencyKey) {
        LibraryCode library = checkedPath(libraryText, localKey);
        Idem idem = new Idem("loan-report-undo-return:" + library, idempotencyKey, IdempotencyStore.hash(localKey));
        Optional<Answer> repeated = repeated(idem);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        Answer answer = idempotent(idem, () -> QuarkusTransaction.requiringNew().call(() -> {
            Loan returned = Loan.latestByKeyLocked(library.value(), localKey).orElse(null);
            Answer result;
            if (returned == null) {
                WaitingReport kept = WaitingReport.openLocked(library.value(), localKey, WaitingReport.RETURN)
                        .orElseThrow(() -> new ProblemException(ErrorCode.LOAN_NOT_FOUND));
                close(kept, "CANCELLED");
                LOG.infof("kept return report %s at %s cancelled", localKey, library);
                result = new Answer(200, WaitingReport.open(library.value(), localKey, WaitingReport.LOAN)
                        .map(w -> waiting(library.value(), localKey, w.waitingFor))
                        .orElseGet(() -> new LoanReportView(library.value(), localKey, LoanReportView.State.APPLIED,
                                null, null, null)));
            } else if (returned.isActive()) {
                result = new Answer(200, applied(returned));
            } else if (returned.undoneAt != null || returned.memberNumber == null) {
                throw ProblemException.because(ErrorCode.LOAN_NOT_FOUND, "undone-not-returned");
            } else {
                Desk.lockMember(returned.memberNumber);
                if (Loan.activeOfItem(returned.itemBarcode).isPresent()) {
                    throw new ProblemException(ErrorCode.ITEM_ON_LOAN);
                }
                Loan again = new Loan();
                again.id = UUID.randomUUID();
                again.memberNumber = returned.memberNumber;
                again.libraryCode = returned.libraryCode;
                again.itemBarcode = returned.itemBarcode;
                again.checkedOutAt = returned.checkedOutAt;
                again.dueOn = returned.dueOn;
                again.renewals = returned.renewals;
                again.degraded = true;
                again.localKey = returned.localKey;
                again.overrode = returned.overrode;
                again.persistAndFlush();
                outbox.append(new LoanCreated(again.id.toString(), again.memberNumber, again.libraryCode,
                        ItemBarcode.parse(again.itemBarcode).owningLibrary().value(), again.itemBarcode, region.id(),
                        again.checkedOutAt, again.dueOn, true, LoanReportChecks.codes(again.overrode)));
                LOG.warnf("return of reported loan %s at %s undone: the loan goes on as %s (degraded)", returned.id,
                        library, again.id);
                result = new Answer(200, applied(again));
            }
            remember(idem, result);
            return result;
        }));
        return answer;
    }

    // ---- GET /loan-reports/{localKey} -----------------------------------------------------------------------------

    public LoanReportView read(String libraryText, String localKey) {
        LibraryCode library = checkedPath(libraryText, localKey);
        return QuarkusTransaction.requiringNew().call(() -> Loan.latestByKey(library.value(), localKey)
                .map(this::applied)
                .or(() -> WaitingReport.open(library.value(), localKey, WaitingReport.LOAN)
                        .or(() -> WaitingReport.open(library.value(), localKey, WaitingReport.RETURN))
                        .map(w -> waiting(library.value(), localKey, w.waitingFor)))
                .orElseThrow(() -> new ProblemException(ErrorCode.LOAN_NOT_FOUND)));
    }

    // ---- kept reports, tried again (LoanReportRetry) --------------------------------------------------------------

    /** Tries a kept report again; true when it was applied (or settled). Never throws for a report that still waits. */
    boolean retry(WaitingReport kept) {
        if (WaitingReport.LOAN.equals(kept.kind)) {
            return apply(Reported.of(kept), kept, Idem.NONE).report().state() == LoanReportView.State.APPLIED;
        }
        String[] endedItem = new String[1];
        boolean done = QuarkusTransaction.requiringNew().call(() -> {
            Loan loan = Loan.latestByKeyLocked(kept.libraryCode.trim(), kept.localKey).orElse(null);
            if (loan == null) {
                tried(kept.id, ErrorCode.LOAN_NOT_FOUND, clock.instant());
                return false;
            }
            WaitingReport locked = WaitingReport.openLocked(kept.libraryCode.trim(), kept.localKey,
                    WaitingReport.RETURN).filter(w -> w.id.equals(kept.id)).orElse(null);
            if (locked == null) {
                return true; // applied or cancelled meanwhile
            }
            if (loan.isActive()) {
                Instant at = locked.returnedAt.isBefore(loan.checkedOutAt) ? loan.checkedOutAt : locked.returnedAt;
                returns.endLoan(loan, locked.returnedAtLibrary.trim(), at, true, locked.receivedAt);
                endedItem[0] = loan.itemBarcode;
                close(locked, "APPLIED");
            } else {
                close(locked, "ALREADY_RETURNED");
            }
            return true;
        });
        if (endedItem[0] != null) {
            retry.afterReturn(endedItem[0]);
        }
        return done;
    }

    /** The kept reports, oldest first. */
    public List<WaitingReport> waiting(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> WaitingReport.oldestOpen(limit));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private LoanReportView applied(Loan loan) {
        LibraryPolicy policy = policies.of(loan.libraryCode);
        return new LoanReportView(loan.libraryCode, loan.localKey, LoanReportView.State.APPLIED, null,
                LoanReportChecks.codes(loan.overrode), Loans.view(loan, policy));
    }

    private static LoanReportView waiting(String library, String localKey, String waitingFor) {
        return new LoanReportView(library, localKey, LoanReportView.State.WAITING, waitingFor, null, null);
    }

    private void close(WaitingReport kept, String outcome) {
        int closed = WaitingReport.update("appliedAt = ?1, outcome = ?2 where id = ?3 and appliedAt is null",
                clock.instant(), outcome, kept.id);
        if (closed == 0) {
            // Applied or cancelled by a concurrent request: this transaction must not apply it a second time.
            throw new IllegalStateException("kept report applied_at already set: " + kept.id);
        }
    }

    private static void tried(UUID id, ErrorCode waitingFor, Instant now) {
        WaitingReport.update("waitingFor = ?1, attempts = attempts + 1, lastTriedAt = ?2 where id = ?3 "
                + "and appliedAt is null", waitingFor.name(), now, id);
    }

    private void count(String outcome) {
        registry.counter("chaekieum.loan-reports", "outcome", outcome).increment();
    }

    private LibraryCode checkedPath(String libraryText, String localKey) {
        List<FieldError> errors = pathErrors(libraryText, localKey);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return served(libraryText);
    }

    private LibraryCode served(String libraryText) {
        LibraryCode library = LibraryCode.of(libraryText);
        enrollment.requireServed(library);
        return library;
    }

    private static List<FieldError> pathErrors(String libraryText, String localKey) {
        List<FieldError> errors = new ArrayList<>();
        if (!LibraryCode.isValid(libraryText)) {
            errors.add(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (!LoanReportChecks.validLocalKey(localKey)) {
            errors.add(FieldError.of("localKey", ErrorCode.FIELD_INVALID, "local-key", LoanReport.LOCAL_KEY_MAX));
        }
        return errors;
    }

    /** Runs a write; when a twin request with the same Idempotency-Key won the race, its saved answer. */
    private Answer idempotent(Idem idem, Supplier<Answer> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            if (idem.key() != null && !(e instanceof ProblemException)) {
                Optional<Answer> saved = repeated(idem);
                if (saved.isPresent()) {
                    return saved.get();
                }
            }
            throw e;
        }
    }

    private Optional<Answer> repeated(Idem idem) {
        return idempotency.replay(idem.scope(), idem.key(), idem.hash(), LoanReportView.class)
                .map(saved -> new Answer(saved.status(), saved.body()));
    }

    private void remember(Idem idem, Answer answer) {
        idempotency.remember(idem.scope(), idem.key(), idem.hash(), answer.status(), answer.report(),
                clock.instant());
    }

    private static ProblemException emptyBody() {
        return ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body");
    }
}
