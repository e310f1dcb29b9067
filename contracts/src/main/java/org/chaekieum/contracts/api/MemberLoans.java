package org.chaekieum.contracts.api;

import java.util.List;
import java.util.Map;

/** A member's active loans across the whole federation, with the national cap and the count per library. */
public record MemberLoans(String memberNumber, int nationalCap, int activeLoans, Map<String, Integer> loansPerLibrary,
                          List<LoanView> loans) {
}
