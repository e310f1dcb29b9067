package org.chaekieum.hub.client;

import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.Problem;

/** What a region answered to a profile transfer or a routed return, as far as the hub acts on it. */
public sealed interface RegionAnswer {

    /** 200: the profile exactly as the home region sent it (raw JSON, never logged). */
    record Profile(String json) implements RegionAnswer {
    }

    /** 200 to a routed return: the loan as the owning region ended it (raw JSON and its reading). */
    record Returned(String json, LoanView loan) implements RegionAnswer {
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
