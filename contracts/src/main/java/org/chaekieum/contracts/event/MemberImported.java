package org.chaekieum.contracts.event;

import java.time.Instant;

/**
 * member.imported.v1 (region -> hub): the member was registered at {@code libraryCode} of {@code region} (반입) at
 * {@code importedAt}, from the home region's record or, for a member of this region, from its own.
 * {@code provisional} when the home region or the hub could not be asked: the registration waits for the profile
 * (and is removed should the home region refuse the identity). Announced once per library the member is registered at;
 * a repeated import request announces nothing.
 */
public record MemberImported(String memberNumber, String libraryCode, String region, boolean provisional,
                             Instant importedAt) implements EventPayload {
    public MemberImported {
        Required.field(memberNumber, "memberNumber");
        Required.field(libraryCode, "libraryCode");
        Required.field(region, "region");
        Required.field(importedAt, "importedAt");
    }
}
