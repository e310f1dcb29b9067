package org.chaekieum.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.MemberUpdated;
import org.junit.jupiter.api.Test;

class LifecycleRulesTest {

    private static MemberUpdated update(String region, MemberStatus status) {
        return new MemberUpdated("12345624000015", region, MemberCategory.FULL, null, null, status, List.of("status"),
                1, Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void homeRegionMayChangeStatusAndWithdraw() {
        assertThat(LifecycleRules.refuseUpdate("seoul", MemberStatus.NORMAL, update("seoul", MemberStatus.EXPELLED)))
                .isEmpty();
        assertThat(LifecycleRules.refuseUpdate("seoul", MemberStatus.EXPELLED, update("seoul", MemberStatus.NORMAL)))
                .isEmpty();
        assertThat(LifecycleRules.refuseUpdate("seoul", MemberStatus.LINKED, update("seoul", MemberStatus.WITHDRAWN)))
                .isEmpty();
    }

    @Test
    void otherRegionIsIgnored() {
        assertThat(LifecycleRules.refuseUpdate("seoul", MemberStatus.NORMAL, update("busan", MemberStatus.EXPELLED)))
                .isPresent();
    }

    @Test
    void withdrawnNumberNeverComesBackAndHubStatusesAreNotUpdates() {
        assertThat(LifecycleRules.refuseUpdate("seoul", MemberStatus.WITHDRAWN, update("seoul", MemberStatus.NORMAL)))
                .isPresent();
        assertThat(LifecycleRules.refuseUpdate("seoul", MemberStatus.NORMAL, update("seoul", MemberStatus.LINKED)))
                .isPresent();
        assertThat(LifecycleRules.refuseUpdate("seoul", MemberStatus.LINKED, update("seoul", MemberStatus.NORMAL)))
                .isPresent();
    }

    @Test
    void identityComparisonNeverMatchesAnErasedHash() {
        assertThat(ProfileTransferService.sameIdentity("abc", "abc")).isTrue();
        assertThat(ProfileTransferService.sameIdentity("abc", "abd")).isFalse();
        assertThat(ProfileTransferService.sameIdentity(null, "abc")).isFalse();
    }
}
