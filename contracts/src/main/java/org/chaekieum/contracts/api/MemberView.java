package org.chaekieum.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import org.chaekieum.contracts.id.NumberForm;

/** A member as a library of the member's region sees it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberView(
        String memberNumber,
        NumberForm numberForm,
        String issuingLibrary,
        String libraryCode,
        String name,
        LocalDate birthDate,
        String phone,
        String address,
        MemberCategory category,
        MemberStatus status,
        String statusReason,
        String linkedTo,
        boolean guardianConsented,
        Instant enrolledAt) {
}
