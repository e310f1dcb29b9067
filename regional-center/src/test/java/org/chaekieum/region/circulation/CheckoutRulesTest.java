package org.chaekieum.region.circulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.chaekieum.contracts.api.CategoryModifier;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.error.ErrorCode;
import org.junit.jupiter.api.Test;

class CheckoutRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final LibraryPolicy YONGIN = new LibraryPolicy(7, 14, 1, 7, 10);

    private static CheckoutRules.Borrower full(CategoryModifier modifier, LocalDate expires) {
        return new CheckoutRules.Borrower(true, MemberStatus.NORMAL, MemberCategory.FULL, modifier, expires);
    }

    @Test
    void aMultiChildHouseholdGetsTheLargerCapUntilItsExpiry() {
        assertThat(CheckoutRules.libraryCap(YONGIN, null, null, TODAY)).isEqualTo(7);
        assertThat(CheckoutRules.libraryCap(YONGIN, CategoryModifier.MULTI_CHILD, TODAY, TODAY)).isEqualTo(10);
        assertThat(CheckoutRules.libraryCap(YONGIN, CategoryModifier.MULTI_CHILD, TODAY.minusDays(1), TODAY)).isEqualTo(7);
        assertThat(CheckoutRules.libraryCap(new LibraryPolicy(5, 14, 1, 7, null), CategoryModifier.MULTI_CHILD,
                TODAY.plusYears(1), TODAY)).isEqualTo(5);
    }

    @Test
    void theCapCountsLoansAtThisLibraryOnly() {
        assertThat(CheckoutRules.refuseCheckout(full(null, null), YONGIN, 6, TODAY)).isEmpty();
        assertThat(CheckoutRules.refuseCheckout(full(null, null), YONGIN, 7, TODAY)).get()
                .isEqualTo(new CheckoutRules.Refusal(ErrorCode.LIBRARY_CAP_REACHED, 7, 7));
        assertThat(CheckoutRules.refuseCheckout(full(CategoryModifier.MULTI_CHILD, TODAY.plusDays(1)), YONGIN, 9, TODAY))
                .isEmpty();
    }

    @Test
    void standingComesBeforeTheCap() {
        CheckoutRules.Borrower notHere = new CheckoutRules.Borrower(false, MemberStatus.NORMAL, MemberCategory.FULL, null,
                null);
        assertThat(CheckoutRules.refuseCheckout(notHere, YONGIN, 99, TODAY)).get()
                .extracting(CheckoutRules.Refusal::code).isEqualTo(ErrorCode.IMPORT_REQUIRED);
        for (MemberStatus status : new MemberStatus[] {MemberStatus.WITHDRAWN, MemberStatus.EXPELLED, MemberStatus.LINKED}) {
            assertThat(CheckoutRules.refuseCheckout(new CheckoutRules.Borrower(true, status, MemberCategory.FULL, null,
                    null), YONGIN, 0, TODAY)).get().extracting(CheckoutRules.Refusal::code)
                    .isEqualTo(ErrorCode.MEMBER_NOT_ACTIVE);
        }
        assertThat(CheckoutRules.refuseCheckout(new CheckoutRules.Borrower(true, MemberStatus.SUSPENDED,
                MemberCategory.FULL, null, null), YONGIN, 0, TODAY)).get().extracting(CheckoutRules.Refusal::code)
                .isEqualTo(ErrorCode.MEMBER_SUSPENDED);
        assertThat(CheckoutRules.refuseCheckout(new CheckoutRules.Borrower(true, MemberStatus.PROVISIONAL,
                MemberCategory.FULL, null, null), YONGIN, 0, TODAY)).get().extracting(CheckoutRules.Refusal::code)
                .isEqualTo(ErrorCode.ASSOCIATE_CANNOT_BORROW);
        assertThat(CheckoutRules.refuseCheckout(new CheckoutRules.Borrower(true, MemberStatus.NORMAL,
                MemberCategory.ASSOCIATE, null, null), YONGIN, 0, TODAY)).get().extracting(CheckoutRules.Refusal::code)
                .isEqualTo(ErrorCode.ASSOCIATE_CANNOT_BORROW);
    }

    @Test
    void renewalsStopAtTheLimitAndForSuspendedMembers() {
        assertThat(CheckoutRules.refuseRenewal(MemberStatus.NORMAL, 0, YONGIN)).isEmpty();
        assertThat(CheckoutRules.refuseRenewal(MemberStatus.NORMAL, 1, YONGIN)).get()
                .extracting(CheckoutRules.Refusal::code).isEqualTo(ErrorCode.NO_RENEWALS_LEFT);
        assertThat(CheckoutRules.refuseRenewal(MemberStatus.SUSPENDED, 0, YONGIN)).get()
                .extracting(CheckoutRules.Refusal::code).isEqualTo(ErrorCode.MEMBER_SUSPENDED);
    }
}
