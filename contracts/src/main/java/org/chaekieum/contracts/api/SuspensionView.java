package org.chaekieum.contracts.api;

import java.time.Instant;
import java.time.LocalDate;

/** A member's running suspension in the national view: until when, set where (library, region), why and when. */
public record SuspensionView(String memberNumber, LocalDate suspendedUntil, String setByLibrary, String setByRegion,
                             String reason, Instant setAt) {
}
