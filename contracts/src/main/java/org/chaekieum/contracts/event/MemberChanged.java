package org.chaekieum.contracts.event;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.chaekieum.contracts.api.CategoryModifier;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;

/**
 * member.changed.v1 (hub -> every region): the hub applied a home region's {@link MemberUpdated}. Regions holding an
 * imported copy apply category and status, fetch the profile again (through the hub) when personal fields changed, and
 * erase their copy when the status is WITHDRAWN.
 */
public record MemberChanged(
        String memberNumber,
        String homeRegion,
        MemberCategory category,
        CategoryModifier categoryModifier,
        LocalDate modifierExpiresOn,
        MemberStatus status,
        List<String> changedFields,
        long profileVersion,
        Instant changedAt) implements EventPayload {

    public MemberChanged {
        Required.field(memberNumber, "memberNumber");
        Required.field(homeRegion, "homeRegion");
        Required.field(category, "category");
        Required.field(status, "status");
        Required.field(changedFields, "changedFields");
        Required.field(changedAt, "changedAt");
        changedFields = List.copyOf(changedFields);
    }
}
