package org.chaekieum.region.circulation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.FederatedTransit;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.event.LoanTransitChanged;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.client.HubGateway;
import org.chaekieum.region.client.HubRefusal;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.policies.PolicyService;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;

/**
 * An item returned away from its owning library travels home: RETURNED_ELSEWHERE -> SHIPPED -> BACK_HOME (forward
 * only). The loan, and so the state, lives in the owning library's region; each step is a loan.transit-changed event
 * through the outbox, from which the hub keeps its ledger. The owning library and the library where the item was
 * returned can both see and advance it: when that library is in another region, its step is routed through the hub
 * to the owning region, and its list comes from the hub's ledger.
 */
@ApplicationScoped
public class TransitService {

    @Inject
    EnrollmentService enrollment;

    @Inject
    PolicyService policies;

    @Inject
    RegionConfig region;

    @Inject
    HubGateway hub;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** Items in transit to or from the library, oldest return first, and whether other regions' items are missing. */
    public record Listing(List<LoanView> loans, boolean complete) {
    }

    /**
     * This region's items in transit to or from the library, and the other regions' items returned at it (from the
     * hub). When the hub cannot be asked the listing says it is incomplete.
     */
    public Listing atLibrary(String libraryCode) {
        LibraryCode library = library(libraryCode);
        List<LoanView> local = QuarkusTransaction.requiringNew().call(() -> Loan.<Loan>list(
                        "transit in ?1 and (libraryCode = ?2 or returnedAtLibrary = ?2) order by returnedAt",
                        List.of(TransitState.RETURNED_ELSEWHERE, TransitState.SHIPPED), library.value()).stream()
                .map(loan -> Loans.view(loan, policies.of(loan.libraryCode))).toList());
        List<LoanView> national;
        try {
            national = hub.transitsAt(library.value());
        } catch (HubRefusal refusal) {
            throw ProblemException.relayed(refusal.code(), refusal.problem());
        }
        if (national == null) {
            return new Listing(local.stream().map(loan -> Loans.seenBy(loan, library.value())).toList(), false);
        }
        Map<String, LoanView> merged = new LinkedHashMap<>();
        local.forEach(loan -> merged.put(loan.loanId(), loan));
        // The hub's copy may lag this region's own loans: this region's answer wins for its own items.
        national.stream().filter(loan -> !region.serves(LibraryCode.of(loan.libraryCode())))
                .forEach(loan -> merged.putIfAbsent(loan.loanId(), loan));
        List<LoanView> all = new ArrayList<>(merged.values().stream()
                .map(loan -> Loans.seenBy(loan, library.value())).toList());
        all.sort(Comparator.comparing(LoanView::returnedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Listing(all, true);
    }

    /**
     * A step taken at a library of this region: applied here for this region's items, routed through the hub to the
     * owning region for another region's item. An owning region that cannot be reached is an explicit 503.
     */
    public LoanView advance(String libraryCode, String itemBarcode, TransitState to) {
        LibraryCode library = library(libraryCode);
        ItemBarcode item = barcode(itemBarcode);
        requireStep(to);
        if (region.serves(item.owningLibrary())) {
            return Loans.seenBy(QuarkusTransaction.requiringNew().call(() -> apply(library.value(), item, to)),
                    library.value());
        }
        LoanView routed;
        try {
            routed = hub.routeTransit(new FederatedTransit(item.value(), library.value(), to, region.id()));
        } catch (HubRefusal refusal) {
            throw ProblemException.relayed(refusal.code(), refusal.problem());
        }
        if (routed == null) {
            throw ProblemException.because(ErrorCode.NATIONAL_HUB_UNREACHABLE, "owning-region")
                    .withContext(Map.of("owningLibrary", item.owningLibrary().value()));
        }
        return Loans.seenBy(routed, library.value());
    }

    /** The owning region's side of a step taken at a library of another region (called through the hub). */
    public LoanView advanceFromElsewhere(FederatedTransit request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw ProblemException.invalid(List.of(FieldError.of("itemBarcode", ErrorCode.FIELD_REQUIRED)));
        }
        ItemBarcode item = null;
        try {
            item = ItemBarcode.parse(request.itemBarcode());
        } catch (InvalidIdentifierException e) {
            errors.add(FieldError.of("itemBarcode", e.code()));
        }
        if (!LibraryCode.isValid(request.atLibrary())) {
            errors.add(FieldError.of("atLibrary", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (request.state() == null || request.state() == TransitState.RETURNED_ELSEWHERE) {
            errors.add(FieldError.of("state", ErrorCode.FIELD_INVALID));
        }
        FieldChecks.line(errors, "requestingRegion", request.requestingRegion(),
                FederatedTransit.REQUESTING_REGION_MAX);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (!region.serves(item.owningLibrary())) {
            throw notInTransit();
        }
        ItemBarcode owned = item;
        return Loans.seenBy(QuarkusTransaction.requiringNew().call(() -> apply(request.atLibrary(), owned,
                request.state())), request.atLibrary());
    }

    private LoanView apply(String atLibrary, ItemBarcode item, TransitState to) {
        // Locked: the owning library and the library that took the item back may take the same step at once.
        Loan loan = Loan.<Loan>find("itemBarcode = ?1 and transit is not null order by returnedAt desc", item.value())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .filter(l -> l.libraryCode.equals(atLibrary) || atLibrary.equals(l.returnedAtLibrary))
                .orElseThrow(TransitService::notInTransit);
        if (to.ordinal() < loan.transit.ordinal()) {
            throw ProblemException.invalid(List.of(FieldError.of("state", ErrorCode.FIELD_INVALID)));
        }
        if (to != loan.transit) {
            Instant now = clock.instant();
            loan.transit = to;
            loan.transitUpdatedAt = now;
            outbox.append(new LoanTransitChanged(loan.id.toString(), loan.memberNumber, loan.libraryCode,
                    loan.itemBarcode, loan.returnedAtLibrary, to, atLibrary, now));
        }
        return Loans.view(loan, policies.of(loan.libraryCode));
    }

    private LibraryCode library(String libraryCode) {
        if (!LibraryCode.isValid(libraryCode)) {
            throw ProblemException.invalid(List.of(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID)));
        }
        LibraryCode library = LibraryCode.of(libraryCode);
        enrollment.requireServed(library);
        return library;
    }

    private static ItemBarcode barcode(String itemBarcode) {
        try {
            return ItemBarcode.parse(itemBarcode);
        } catch (InvalidIdentifierException e) {
            throw ProblemException.invalid(List.of(FieldError.of("itemBarcode", e.code())));
        }
    }

    private static void requireStep(TransitState to) {
        if (to == null || to == TransitState.RETURNED_ELSEWHERE) {
            throw ProblemException.invalid(List.of(FieldError.of("state", ErrorCode.FIELD_INVALID)));
        }
    }

    private static ProblemException notInTransit() {
        return ProblemException.because(ErrorCode.ITEM_NOT_ON_LOAN, "not-in-transit");
    }
}
