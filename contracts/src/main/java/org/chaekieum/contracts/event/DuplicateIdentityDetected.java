package org.chaekieum.contracts.event;

import java.time.Instant;

/**
 * member.duplicate-detected.v1: the person behind {@code memberNumber} already held {@code existingMemberNumber}.
 * The region that issued {@code memberNumber} links it to the existing one.
 */
public record DuplicateIdentityDetected(
        String memberNumber,
        String region,
        String existingMemberNumber,
        String existingRegion,
        Instant detectedAt) implements EventPayload {
    public DuplicateIdentityDetected {
        Required.field(memberNumber, "memberNumber");
        Required.field(region, "region");
        Required.field(existingMemberNumber, "existingMemberNumber");
        Required.field(existingRegion, "existingRegion");
        Required.field(detectedAt, "detectedAt");
    }
}
