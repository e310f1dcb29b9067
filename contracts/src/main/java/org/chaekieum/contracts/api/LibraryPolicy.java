package org.chaekieum.contracts.api;

/**
 * A library's loan policy. {@code multiChildLoanCap} replaces {@code loanCap} for members with a valid MULTI_CHILD
 * modifier (e.g. 10 instead of 7 in Yongin); null means no different cap.
 */
public record LibraryPolicy(Integer loanCap, Integer loanPeriodDays, Integer renewalLimit, Integer renewalDays,
                            Integer multiChildLoanCap) {
}
