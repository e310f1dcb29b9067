package org.chaekieum.region.client;

import org.chaekieum.contracts.api.IdentityLookupResponse;

/** What the hub said about an identity, or that it could not be asked. Never a silent "not enrolled". */
public record HubAnswer(Outcome outcome, IdentityLookupResponse lookup, String reason) {

    public enum Outcome {
        /** The person already holds a number. */
        ENROLLED,
        /** The hub holds no number for the person. */
        NOT_ENROLLED,
        /** The hub did not answer in time (after retries) or its circuit is open. */
        UNREACHABLE
    }

    public static HubAnswer of(IdentityLookupResponse lookup) {
        return new HubAnswer(lookup.enrolled() ? Outcome.ENROLLED : Outcome.NOT_ENROLLED, lookup, null);
    }

    public static HubAnswer unreachable(String reason) {
        return new HubAnswer(Outcome.UNREACHABLE, null, reason);
    }
}
