package org.chaekieum.contracts.event;

import java.time.Instant;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.id.NumberForm;

/**
 * member.enrolled.v1. {@code identityHash} is the keyed hash of the identity key, never the key itself.
 * {@code status} is NORMAL when the hub confirmed the person had no number, PROVISIONAL when it could not be asked.
 */
public record MemberEnrolled(
        String memberNumber,
        NumberForm numberForm,
        String issuingLibrary,
        String libraryCode,
        String region,
        String identityHash,
        MemberCategory category,
        MemberStatus status,
        Instant enrolledAt) implements EventPayload {

    public MemberEnrolled {
        Required.field(memberNumber, "memberNumber");
        Required.field(numberForm, "numberForm");
        Required.field(issuingLibrary, "issuingLibrary");
        Required.field(libraryCode, "libraryCode");
        Required.field(region, "region");
        Required.field(identityHash, "identityHash");
        Required.field(category, "category");
        Required.field(status, "status");
        Required.field(enrolledAt, "enrolledAt");
    }
}
