package org.chaekieum.region.suspensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.SuspensionPolicy;
import org.chaekieum.contracts.api.SuspensionPolicy.Counting;
import org.chaekieum.region.suspensions.SuspensionRules.LateReturn;
import org.junit.jupiter.api.Test;

class SuspensionRulesTest {

    private static final LocalDate DUE = LocalDate.of(2026, 3, 2); // a Monday
    private static final Set<LocalDate> NONE = Set.of();

    private static LateReturn late(long days) {
        return new LateReturn(DUE, DUE.plusDays(days));
    }

    private static SuspensionPolicy policy(int before, String weight, int after, Counting counting, boolean skipClosed,
                                           int max) {
        return new SuspensionPolicy(before, new BigDecimal(weight), after, counting, skipClosed, max, false);
    }

    @Test
    void twoItemsThreeAndFiveDaysLateCountTheLargestOrTheSum() {
        List<LateReturn> items = List.of(late(3), late(5));
        assertThat(SuspensionRules.suspensionDays(policy(0, "1", 0, Counting.LARGEST, false, 0), items, NONE))
                .isEqualTo(5);
        assertThat(SuspensionRules.suspensionDays(policy(0, "1", 0, Counting.SUM, false, 0), items, NONE))
                .isEqualTo(8);
    }

    @Test
    void offsetsAndWeightFollowTheFormula() {
        // (5 + 1) x 2 + 3 = 15
        assertThat(SuspensionRules.suspensionDays(policy(1, "2", 3, Counting.LARGEST, false, 0), List.of(late(5)),
                NONE)).isEqualTo(15);
        // (3 + 5) x 2 - 1 = 15 with the sum
        assertThat(SuspensionRules.suspensionDays(policy(0, "2", -1, Counting.SUM, false, 0),
                List.of(late(3), late(5)), NONE)).isEqualTo(15);
    }

    @Test
    void aFractionalWeightRoundsUpToWholeDays() {
        // 5 x 0.5 = 2.5 -> 3; 4 x 0.5 = 2
        assertThat(SuspensionRules.suspensionDays(policy(0, "0.5", 0, Counting.LARGEST, false, 0), List.of(late(5)),
                NONE)).isEqualTo(3);
        assertThat(SuspensionRules.suspensionDays(policy(0, "0.5", 0, Counting.LARGEST, false, 0), List.of(late(4)),
                NONE)).isEqualTo(2);
    }

    @Test
    void aNegativeOffsetIsAGracePeriodAndNeverANegativeSuspension() {
        SuspensionPolicy twoDaysGrace = policy(-2, "1", 0, Counting.LARGEST, false, 0);
        assertThat(SuspensionRules.suspensionDays(twoDaysGrace, List.of(late(1)), NONE)).isZero();
        assertThat(SuspensionRules.suspensionDays(twoDaysGrace, List.of(late(2)), NONE)).isZero();
        assertThat(SuspensionRules.suspensionDays(twoDaysGrace, List.of(late(5)), NONE)).isEqualTo(3);
        assertThat(SuspensionRules.suspensionDays(policy(0, "1", -10, Counting.LARGEST, false, 0), List.of(late(3)),
                NONE)).isZero();
    }

    @Test
    void onTimeReturnsEarnNothingEvenWithAPositiveOffset() {
        SuspensionPolicy generous = policy(2, "1", 5, Counting.SUM, false, 0);
        assertThat(SuspensionRules.suspensionDays(generous, List.of(late(0), late(-3)), NONE)).isZero();
        assertThat(SuspensionRules.suspensionDays(generous, List.of(), NONE)).isZero();
    }

    @Test
    void theCapLimitsAndZeroMeansNoCap() {
        List<LateReturn> items = List.of(late(40), late(30));
        assertThat(SuspensionRules.suspensionDays(policy(0, "1", 0, Counting.SUM, false, 30), items, NONE))
                .isEqualTo(30);
        assertThat(SuspensionRules.suspensionDays(policy(0, "1", 0, Counting.SUM, false, 0), items, NONE))
                .isEqualTo(70);
    }

    @Test
    void closedDaysAreSkippedOnlyWhenThePolicySaysSoAndOnlyWithinTheOverdueSpan() {
        // Due Monday 2 March, back Saturday 7 March: 5 days. Closed Tuesday 3 and Wednesday 4 (inside), and Monday 2
        // (the due day itself) and Sunday 8 (after the return): only the two inside count.
        Set<LocalDate> closed = Set.of(DUE, DUE.plusDays(1), DUE.plusDays(2), DUE.plusDays(6));
        LateReturn item = late(5);
        assertThat(SuspensionRules.overdueDays(item, true, closed)).isEqualTo(3);
        assertThat(SuspensionRules.overdueDays(item, false, closed)).isEqualTo(5);
        assertThat(SuspensionRules.suspensionDays(policy(0, "1", 0, Counting.LARGEST, true, 0), List.of(item), closed))
                .isEqualTo(3);
        assertThat(SuspensionRules.suspensionDays(policy(0, "1", 0, Counting.LARGEST, false, 0), List.of(item), closed))
                .isEqualTo(5);
        // Returned the day after an all-closed span: nothing overdue on an open day, nothing earned.
        assertThat(SuspensionRules.overdueDays(late(2), true, closed)).isZero();
    }

    @Test
    void aSuspensionStartsOnTheReturnDateAndNeverShortensOneAlreadyRunning() {
        LocalDate returned = LocalDate.of(2026, 3, 10);
        assertThat(SuspensionRules.suspendedUntil(returned, 5, null)).isEqualTo(LocalDate.of(2026, 3, 14));
        assertThat(SuspensionRules.suspendedUntil(returned, 1, null)).isEqualTo(returned);
        assertThat(SuspensionRules.suspendedUntil(returned, 0, null)).isNull();
        // A longer one running stays; a shorter one running is extended.
        assertThat(SuspensionRules.suspendedUntil(returned, 5, LocalDate.of(2026, 4, 1)))
                .isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(SuspensionRules.suspendedUntil(returned, 5, LocalDate.of(2026, 3, 12)))
                .isEqualTo(LocalDate.of(2026, 3, 14));
        assertThat(SuspensionRules.suspendedUntil(returned, 0, LocalDate.of(2026, 3, 12)))
                .isEqualTo(LocalDate.of(2026, 3, 12));
    }

    @Test
    void everyInvalidFieldIsListedAtOnce() {
        List<FieldError> errors = SuspensionRules.check(new SuspensionPolicy(null, new BigDecimal("-1"), 400, null,
                null, -1, null));
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("suspension.offsetBefore",
                "suspension.weight", "suspension.offsetAfter", "suspension.counting", "suspension.skipClosedDays",
                "suspension.maxDays", "suspension.warnOnly");
        assertThat(SuspensionRules.check(new SuspensionPolicy(0, new BigDecimal("0.333"), 0, Counting.SUM, false, 0,
                false))).extracting(FieldError::field).containsExactly("suspension.weight");
        assertThat(SuspensionRules.check(SuspensionPolicy.standard())).isEmpty();
    }
}
