package org.chaekieum.hub.rest;

import java.time.Instant;
import java.util.List;

/**
 * An overrun (numbers only, no personal data): a national cap overrun found when degraded loans arrived (rule
 * NATIONAL_CAP), or a rule a loan reported after the fact went past (rule = its error code, e.g. MEMBER_SUSPENDED;
 * degradedLoanIds then holds that loan). {@code memberNumber} is null once the overrun is older than
 * {@code chaekieum.hub.loan-retention}, or the member withdrew.
 */
public record OverrunView(long id, String memberNumber, int nationalCap, int activeLoans, List<String> degradedLoanIds,
                          Instant detectedAt, String rule) {
}
