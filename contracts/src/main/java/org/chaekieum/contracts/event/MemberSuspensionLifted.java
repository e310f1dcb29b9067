package org.chaekieum.contracts.event;

import java.time.Instant;

/**
 * member.suspension-lifted.v1 (region -> hub): an operator of {@code region} lifted the member's suspensions set by the
 * libraries of that region, for a reason. Suspensions set by other regions' libraries stay.
 */
public record MemberSuspensionLifted(String memberNumber, String region, String reason, Instant liftedAt)
        implements EventPayload {
    public MemberSuspensionLifted {
        Required.field(memberNumber, "memberNumber");
        Required.field(region, "region");
        Required.field(reason, "reason");
        Required.field(liftedAt, "liftedAt");
    }
}
