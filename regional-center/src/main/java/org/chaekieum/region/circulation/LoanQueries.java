package org.chaekieum.region.circulation;

import static org.chaekieum.region.circulation.Desk.barcode;
import static org.chaekieum.region.circulation.Desk.libraryField;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.policies.PolicyService;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.runtime.problem.ProblemException;

/** What a library may read of loans here: the active loan of an item it owns, and this region's loans of a member. */
@ApplicationScoped
public class LoanQueries {

    @Inject
    EnrollmentService enrollment;

    @Inject
    PolicyService policies;

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
}
