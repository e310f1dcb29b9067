package org.chaekieum.contracts.api;

/** Body of a withdrawal (탈퇴): who took the request and why. The member's personal data is erased everywhere. */
public record WithdrawalRequest(String requestedBy, String reason) {

    /** Longest "requested by". */
    public static final int REQUESTED_BY_MAX = 100;
    /** Longest reason; free text. */
    public static final int REASON_MAX = 300;
}
