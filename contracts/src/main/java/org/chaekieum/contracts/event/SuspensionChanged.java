package org.chaekieum.contracts.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * member.suspension-changed.v1 (hub -> regions): the member's suspension as the federation now knows it, after a
 * suspension or a lift anywhere: through {@code suspendedUntil} (inclusive), set by {@code setByLibrary}, or none
 * ({@code suspendedUntil} null). Regions holding the member keep it, so that they refuse checkouts and renewals
 * themselves, also while the hub cannot be asked.
 */
public record SuspensionChanged(String memberNumber, LocalDate suspendedUntil, String setByLibrary, String reason,
                                Instant changedAt) implements EventPayload {
    public SuspensionChanged {
        Required.field(memberNumber, "memberNumber");
        Required.field(changedAt, "changedAt");
    }
}
