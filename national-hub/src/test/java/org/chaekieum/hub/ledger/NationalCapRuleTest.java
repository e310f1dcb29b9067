package org.chaekieum.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NationalCapRuleTest {

    @Test
    void theHomeRegionsOverrideWinsOverTheNationalCap() {
        assertThat(NationalCapRule.capOf(20, Optional.empty())).isEqualTo(20);
        assertThat(NationalCapRule.capOf(20, Optional.of(25))).isEqualTo(25);
        assertThat(NationalCapRule.capOf(20, Optional.of(-1))).isEqualTo(20);
    }

    @Test
    void refusesOnceTheOpenLoansReachTheCap() {
        assertThat(NationalCapRule.admits(20, Map.of())).isTrue();
        assertThat(NationalCapRule.admits(20, Map.of("111001", 5, "141001", 14))).isTrue();
        assertThat(NationalCapRule.admits(20, Map.of("111001", 5, "141001", 15))).isFalse();
        assertThat(NationalCapRule.admits(0, Map.of())).isFalse();
    }

    @Test
    void countsTheOverrunOnlyPastTheCap() {
        assertThat(NationalCapRule.overrun(20, Map.of("111001", 20))).isZero();
        assertThat(NationalCapRule.overrun(20, Map.of("111001", 20, "141001", 2))).isEqualTo(2);
    }

    @Test
    void describesTheCountPerLibraryInBothLanguages() {
        Map<String, Integer> perLibrary = Map.of("141001", 15, "111001", 5);
        assertThat(NationalCapRule.describe(20, perLibrary).en())
                .isEqualTo("20 of 20 loans nationwide, per library: 111001: 5, 141001: 15");
        assertThat(NationalCapRule.describe(20, perLibrary).ko())
                .isEqualTo("전국 통합 대출 한도 20권 중 20권 대출 중입니다 (도서관별: 111001: 5권, 141001: 15권).");
    }
}
