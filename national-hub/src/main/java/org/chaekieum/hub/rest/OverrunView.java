package org.chaekieum.hub.rest;

import java.time.Instant;
import java.util.List;

/** A national cap overrun found when degraded loans arrived (numbers only, no personal data). */
public record OverrunView(long id, String memberNumber, int nationalCap, int activeLoans, List<String> degradedLoanIds,
                          Instant detectedAt) {
}
