package org.chaekieum.contracts.api;

import java.time.Instant;

/**
 * Body of {@code PUT /api/v1/libraries/{libraryCode}/loan-reports/{localKey}/return}: the reported loan was returned,
 * at {@code returnedAtLibrary} (this library, or another one: 타관반납), at {@code returnedAt}. A return of a loan
 * returned already is that same return (nothing changes); a return reported before its loan is kept until the loan
 * arrives.
 */
public record ReturnReport(String returnedAtLibrary, Instant returnedAt) {
}
