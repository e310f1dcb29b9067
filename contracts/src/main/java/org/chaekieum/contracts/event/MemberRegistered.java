package org.chaekieum.contracts.event;

import java.time.Instant;

/** member.registered.v1: the national registry holds the number; a provisional enrollment is thereby confirmed. */
public record MemberRegistered(String memberNumber, String region, boolean wasProvisional, Instant registeredAt)
        implements EventPayload {
    public MemberRegistered {
        Required.field(memberNumber, "memberNumber");
        Required.field(region, "region");
        Required.field(registeredAt, "registeredAt");
    }
}
