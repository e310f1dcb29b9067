package org.chaekieum.adapter.region;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;

/**
 * What the gateway reads of a member at a library (a tolerant reader of the region's MemberView: only these fields,
 * unknown ones ignored). The name goes to the kiosk's screen and nowhere else: never into a log.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MemberRecord(String memberNumber, String name, MemberCategory category, MemberStatus status,
                           LocalDate suspendedUntil, String suspendedByLibrary) {

    @Override
    public String toString() {
        return "MemberRecord[" + memberNumber + ", " + category + ", " + status + "]";
    }
}
