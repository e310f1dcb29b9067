package org.chaekieum.hub.registry;

import org.chaekieum.contracts.api.Problem;

/** The member's home region refused a profile transfer (404, 409, 422); the hub answers the same status and code. */
public class HomeRegionRefusalException extends RuntimeException {

    private final int status;
    private final Problem problem;
    private final String homeRegion;

    public HomeRegionRefusalException(int status, Problem problem, String homeRegion) {
        super("home region refused: " + status + " " + problem.code(), null, false, false);
        this.status = status;
        this.problem = problem;
        this.homeRegion = homeRegion;
    }

    public int status() {
        return status;
    }

    public Problem problem() {
        return problem;
    }

    public String homeRegion() {
        return homeRegion;
    }
}
