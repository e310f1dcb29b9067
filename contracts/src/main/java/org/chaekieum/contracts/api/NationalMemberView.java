package org.chaekieum.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.chaekieum.contracts.id.NumberForm;

/** The national registry's view of a member: no name, phone, address or birth date, ever. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NationalMemberView(
        String memberNumber,
        NumberForm numberForm,
        String issuingLibrary,
        String region,
        MemberCategory category,
        MemberStatus status,
        String linkedTo,
        Instant registeredAt,
        Instant updatedAt) {
}
