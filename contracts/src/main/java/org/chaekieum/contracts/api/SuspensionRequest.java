package org.chaekieum.contracts.api;

import java.time.LocalDate;

/** An operator suspends a member by hand, for a library of the operator's region, through a date, saying why. */
public record SuspensionRequest(String libraryCode, LocalDate suspendedUntil, String reason) {
}
