package org.chaekieum.region.client;

import org.chaekieum.contracts.api.MemberProfile;

/** A member's profile from the home region, or the explicit statement that it could not be had now. */
public record TransferAnswer(MemberProfile profile, String unreachableReason) {

    public static TransferAnswer of(MemberProfile profile) {
        return new TransferAnswer(profile, null);
    }

    public static TransferAnswer unreachable(String reason) {
        return new TransferAnswer(null, reason);
    }

    public boolean reached() {
        return profile != null;
    }
}
