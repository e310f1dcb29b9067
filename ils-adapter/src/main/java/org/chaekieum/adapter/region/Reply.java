package org.chaekieum.adapter.region;

import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;

/**
 * The regional center's answer: a status with the body read as {@code T} when it succeeded, or its problem+json
 * refusal.
 *
 * @param partial the answer carried {@code X-Chaekieum-Partial} (e.g. the hub was unreachable: this region's part only)
 */
public record Reply<T>(int status, T body, Problem problem, boolean partial) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The refusal's stable code, or "" when the call succeeded. */
    public String code() {
        return problem == null || problem.code() == null ? "" : problem.code();
    }

    public boolean refusedWith(ErrorCode code) {
        return code.name().equals(code());
    }
}
