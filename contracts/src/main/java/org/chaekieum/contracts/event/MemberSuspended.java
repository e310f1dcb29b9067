package org.chaekieum.contracts.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * member.suspended.v1 (region -> hub): a late return (or an operator) suspended the member from borrowing through
 * {@code suspendedUntil} (inclusive), set by {@code setByLibrary} of {@code region}. Announced even when the member is
 * already suspended longer by another library: the hub keeps each library's suspension (each only ever extends) and
 * the longest running one holds everywhere; a library's lift ends its own only.
 */
public record MemberSuspended(String memberNumber, LocalDate suspendedUntil, String setByLibrary, String reason,
                              Instant setAt, String region) implements EventPayload {
    public MemberSuspended {
        Required.field(memberNumber, "memberNumber");
        Required.field(suspendedUntil, "suspendedUntil");
        Required.field(setByLibrary, "setByLibrary");
        Required.field(reason, "reason");
        Required.field(setAt, "setAt");
        Required.field(region, "region");
    }
}
