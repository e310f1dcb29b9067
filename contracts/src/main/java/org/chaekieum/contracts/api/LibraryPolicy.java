package org.chaekieum.contracts.api;

/**
 * A library's loan policy. {@code multiChildLoanCap} replaces {@code loanCap} for members with a valid MULTI_CHILD
 * modifier (e.g. 10 instead of 7 in Yongin); null means no different cap. {@code suspension} is the library's
 * suspension policy (대출정지); when a library sets none, the region's default applies (and is what a read shows).
 */
public record LibraryPolicy(Integer loanCap, Integer loanPeriodDays, Integer renewalLimit, Integer renewalDays,
                            Integer multiChildLoanCap, SuspensionPolicy suspension) {

    /** A loan policy that leaves the suspension policy to the region's default. */
    public LibraryPolicy(Integer loanCap, Integer loanPeriodDays, Integer renewalLimit, Integer renewalDays,
                         Integer multiChildLoanCap) {
        this(loanCap, loanPeriodDays, renewalLimit, renewalDays, multiChildLoanCap, null);
    }
}
