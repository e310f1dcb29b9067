package org.chaekieum.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.chaekieum.contracts.rights.RightsBalance;
import org.junit.jupiter.api.Test;

/** A region's rights for one member: lend on a free right only, give back only free ones, returns keep the right. */
class RightsBalanceTest {

    @Test
    void lendsOnlyOnAFreeRightAndAReturnKeepsTheRightHere() {
        RightsBalance balance = RightsBalance.none().credited(2).lend().lend();
        assertThat(balance.canLend()).isFalse();
        assertThatThrownBy(balance::lend).isInstanceOf(IllegalStateException.class);
        RightsBalance afterReturn = balance.loanEnded();
        assertThat(afterReturn).isEqualTo(new RightsBalance(2, 1));
        assertThat(afterReturn.canLend()).isTrue();
    }

    @Test
    void givesBackFreeRightsOnlyAndNeverMoreThanAsked() {
        RightsBalance balance = new RightsBalance(10, 7);
        assertThat(balance.free()).isEqualTo(3);
        assertThat(balance.givable(2)).isEqualTo(2);
        assertThat(balance.givable(5)).isEqualTo(3);
        assertThat(balance.given(3)).isEqualTo(new RightsBalance(7, 7));
        assertThatThrownBy(() -> balance.given(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loansFromBeforeRightsOrTheDegradedRuleBlockLendingAndGivingUntilReturned() {
        RightsBalance over = new RightsBalance(2, 3);
        assertThat(over.canLend()).isFalse();
        assertThat(over.free()).isZero();
        assertThat(over.givable(1)).isZero();
        assertThat(over.loanEnded().loanEnded().canLend()).isTrue();
        assertThatThrownBy(() -> new RightsBalance(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
