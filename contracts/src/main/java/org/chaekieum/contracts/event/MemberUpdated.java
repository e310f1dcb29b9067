package org.chaekieum.contracts.event;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.chaekieum.contracts.api.CategoryModifier;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;

/**
 * member.updated.v1 (home region -> hub): the member's category, modifier or status changed, or personal fields
 * changed ({@code changedFields} names them, e.g. "phone"; their values never travel in events). WITHDRAWN means the
 * personal data was erased: the hub keeps only number and status, and regions holding a copy erase theirs.
 */
public record MemberUpdated(
        String memberNumber,
        String region,
        MemberCategory category,
        CategoryModifier categoryModifier,
        LocalDate modifierExpiresOn,
        MemberStatus status,
        List<String> changedFields,
        long profileVersion,
        Instant updatedAt) implements EventPayload {

    public MemberUpdated {
        Required.field(memberNumber, "memberNumber");
        Required.field(region, "region");
        Required.field(category, "category");
        Required.field(status, "status");
        Required.field(changedFields, "changedFields");
        Required.field(updatedAt, "updatedAt");
        changedFields = List.copyOf(changedFields);
    }
}
