package org.chaekieum.hub.client;

import org.chaekieum.contracts.api.Problem;

/** What a home region answered to a profile transfer, as far as the hub acts on it. */
public sealed interface RegionAnswer {

    /** 200: the profile exactly as the home region sent it (raw JSON, never logged). */
    record Profile(String json) implements RegionAnswer {
    }

    /** A refusal the hub passes through (404, 409, 422 with a problem body naming a code). */
    record Refused(int status, Problem problem) implements RegionAnswer {
    }

    /**
     * No usable answer: not configured, connection refused, timeout, 5xx, open circuit or an answer the hub cannot
     * use. {@code reason} is short and holds no personal data.
     */
    record Unreachable(String reason) implements RegionAnswer {
    }
}
