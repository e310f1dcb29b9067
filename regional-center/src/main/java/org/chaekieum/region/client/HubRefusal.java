package org.chaekieum.region.client;

import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;

/**
 * The hub (or the home region behind it) answered, and the answer is no: unknown number, identity mismatch, member not
 * active. Not a failure of the hub: it neither trips the circuit breaker nor leads to a provisional decision.
 */
public class HubRefusal extends RuntimeException {

    private final ErrorCode code;
    private final Problem problem;

    public HubRefusal(ErrorCode code, Problem problem) {
        super(code.name(), null, false, false);
        this.code = code;
        this.problem = problem;
    }

    public ErrorCode code() {
        return code;
    }

    public Problem problem() {
        return problem;
    }
}
