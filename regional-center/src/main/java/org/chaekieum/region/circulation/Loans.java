package org.chaekieum.region.circulation;

import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.LoanStatus;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.region.repository.Loan;

/** Loan entity -> view. */
public final class Loans {
    private Loans() {
    }

    /**
     * The loan as a library sees it: the lending library sees its borrower; any other library (one that took the item
     * back, 타관반납, or moves it on its way home) sees the item, its due date, return and transit, never who borrowed it.
     */
    public static LoanView seenBy(LoanView loan, String library) {
        if (loan == null || loan.memberNumber() == null || library == null || library.equals(loan.libraryCode())) {
            return loan;
        }
        return new LoanView(loan.loanId(), null, loan.libraryCode(), loan.owningLibrary(), loan.itemBarcode(),
                loan.checkedOutAt(), loan.dueOn(), loan.renewals(), loan.renewalsLeft(), loan.status(), loan.degraded(),
                loan.returnedAt(), loan.returnedAtLibrary(), loan.transit(), loan.warnings(), loan.localKey());
    }

    public static LoanView view(Loan loan, LibraryPolicy policy) {
        return new LoanView(loan.id.toString(), loan.memberNumber, loan.libraryCode,
                ItemBarcode.parse(loan.itemBarcode).owningLibrary().value(), loan.itemBarcode, loan.checkedOutAt,
                loan.dueOn, loan.renewals, Math.max(0, policy.renewalLimit() - loan.renewals),
                loan.isActive() ? LoanStatus.ACTIVE : LoanStatus.RETURNED, loan.degraded, loan.returnedAt,
                loan.returnedAtLibrary, loan.transit, null, loan.localKey);
    }
}
