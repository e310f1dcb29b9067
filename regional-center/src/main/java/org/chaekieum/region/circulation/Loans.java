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

    public static LoanView view(Loan loan, LibraryPolicy policy) {
        return new LoanView(loan.id.toString(), loan.memberNumber, loan.libraryCode,
                ItemBarcode.parse(loan.itemBarcode).owningLibrary().value(), loan.itemBarcode, loan.checkedOutAt,
                loan.dueOn, loan.renewals, Math.max(0, policy.renewalLimit() - loan.renewals),
                loan.isActive() ? LoanStatus.ACTIVE : LoanStatus.RETURNED, loan.degraded, loan.returnedAt,
                loan.returnedAtLibrary, loan.transit, null, loan.localKey);
    }
}
