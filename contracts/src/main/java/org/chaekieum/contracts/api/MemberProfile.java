package org.chaekieum.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import org.chaekieum.contracts.id.NumberForm;

/**
 * The profile fields a library needs of a member of another library, as the home region sends them (through the hub,
 * which stores none of them). {@link #FIELDS} lists what is transferred; the audit records name them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberProfile(
        String memberNumber,
        NumberForm numberForm,
        String issuingLibrary,
        String homeRegion,
        String name,
        LocalDate birthDate,
        String phone,
        String address,
        MemberCategory category,
        CategoryModifier categoryModifier,
        LocalDate modifierExpiresOn,
        MemberStatus status,
        String guardianName,
        String guardianPhone,
        long profileVersion) {

    /** Personal fields a transfer carries. */
    public static final List<String> FIELDS = List.of("name", "birthDate", "phone", "address", "guardianName",
            "guardianPhone");
}
