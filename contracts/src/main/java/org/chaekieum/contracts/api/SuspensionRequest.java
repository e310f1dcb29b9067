package org.chaekieum.contracts.api;

import java.time.LocalDate;

/** An operator suspends a member by hand, for a library of the operator's region, through a date, saying why. */
public record SuspensionRequest(String libraryCode, LocalDate suspendedUntil, String reason) {

    /**
     * Longest reason; free text. The region records it as "Set by an operator: " + reason (20 characters more) in a
     * 300-character column, and the hub keeps the same text in one.
     */
    public static final int REASON_MAX = 280;
}
