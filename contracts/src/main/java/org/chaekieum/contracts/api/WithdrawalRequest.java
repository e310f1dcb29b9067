package org.chaekieum.contracts.api;

/** Body of a withdrawal (탈퇴): who took the request and why. The member's personal data is erased everywhere. */
public record WithdrawalRequest(String requestedBy, String reason) {
}
