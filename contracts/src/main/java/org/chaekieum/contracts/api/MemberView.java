package org.chaekieum.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import org.chaekieum.contracts.id.NumberForm;

/**
 * A member as a library sees it. {@code homeRegion} is the region that issued the number and keeps the member's record;
 * at a library of another region the member is an imported copy (반입), kept up to date from the home region.
 *
 * <p>{@code suspendedUntil} and {@code suspendedByLibrary} are the member's shared suspension from borrowing (대출정지)
 * as the region holds it: through that day (inclusive, Korean time), set by that library. Both are absent when the
 * member is not suspended today (never suspended, or the suspension has run out).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberView(
        String memberNumber,
        NumberForm numberForm,
        String issuingLibrary,
        String homeRegion,
        String libraryCode,
        String name,
        LocalDate birthDate,
        String phone,
        String address,
        MemberCategory category,
        CategoryModifier categoryModifier,
        LocalDate modifierExpiresOn,
        MemberStatus status,
        String statusReason,
        String linkedTo,
        boolean guardianConsented,
        Instant enrolledAt,
        LocalDate suspendedUntil,
        String suspendedByLibrary) {
}
