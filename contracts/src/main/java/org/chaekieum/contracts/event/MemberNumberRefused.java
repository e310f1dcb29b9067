package org.chaekieum.contracts.event;

import java.time.Instant;

/** member.number-refused.v1: the hub refused a number that breaks the numbering standard; it is not registered. */
public record MemberNumberRefused(
        String memberNumber,
        String region,
        String errorCode,
        String reason,
        String refusedEventId,
        Instant refusedAt) implements EventPayload {
    public MemberNumberRefused {
        Required.field(memberNumber, "memberNumber");
        Required.field(region, "region");
        Required.field(errorCode, "errorCode");
        Required.field(refusedEventId, "refusedEventId");
        Required.field(refusedAt, "refusedAt");
    }
}
