package org.chaekieum.region.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.repository.Loan;

/**
 * An item returned away from its owning library travels home: RETURNED_ELSEWHERE -> SHIPPED -> BACK_HOME. The
 * owning library and the library where it was returned can both see it and move it on (forward only).
 */
@ApplicationScoped
public class TransitService {

    @Inject
    EnrollmentService enrollment;

    @Inject
    PolicyService policies;

    @Inject
    Clock clock;

    /** Items in transit to or from the library, oldest first. */
    @Transactional
    public List<LoanView> atLibrary(String libraryCode) {
        enrollment.requireServed(LibraryCode.of(libraryCode));
        return Loan.<Loan>list("transit in ?1 and (libraryCode = ?2 or returnedAtLibrary = ?2) order by returnedAt",
                        List.of(TransitState.RETURNED_ELSEWHERE, TransitState.SHIPPED), libraryCode).stream()
                .map(loan -> Loans.view(loan, policies.of(loan.libraryCode))).toList();
    }

    @Transactional
    public LoanView advance(String libraryCode, String itemBarcode, TransitState to) {
        LibraryCode library = LibraryCode.of(libraryCode);
        enrollment.requireServed(library);
        ItemBarcode item = ItemBarcode.parse(itemBarcode);
        if (to == null || to == TransitState.RETURNED_ELSEWHERE) {
            throw ProblemException.invalid(List.of(FieldError.of("state", ErrorCode.FIELD_INVALID)));
        }
        Loan loan = Loan.<Loan>find("itemBarcode = ?1 and transit is not null order by returnedAt desc", item.value())
                .firstResultOptional()
                .filter(l -> l.libraryCode.equals(library.value()) || library.value().equals(l.returnedAtLibrary))
                .orElseThrow(() -> new ProblemException(ErrorCode.ITEM_NOT_ON_LOAN, List.of(), Map.of(),
                        "This item is not in transit to or from this library.",
                        "이 도서관과 관련해 이동 중인 자료가 아닙니다."));
        if (to.ordinal() < loan.transit.ordinal()) {
            throw ProblemException.invalid(List.of(FieldError.of("state", ErrorCode.FIELD_INVALID)));
        }
        loan.transit = to;
        loan.transitUpdatedAt = clock.instant();
        return Loans.view(loan, policies.of(loan.libraryCode));
    }
}
