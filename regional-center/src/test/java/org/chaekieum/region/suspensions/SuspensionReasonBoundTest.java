package org.chaekieum.region.suspensions;

import static org.assertj.core.api.Assertions.assertThat;

import org.chaekieum.contracts.api.SuspensionRequest;
import org.junit.jupiter.api.Test;

class SuspensionReasonBoundTest {

    /** member.suspension_reason and the hub's national_suspension.reason are varchar(300). */
    private static final int REASON_COLUMN = 300;

    @Test
    void anOperatorsLongestReasonStillFitsTheColumnWithItsPrefix() {
        assertThat(SuspensionService.SET_BY_OPERATOR.length() + SuspensionRequest.REASON_MAX)
                .isLessThanOrEqualTo(REASON_COLUMN);
    }
}
