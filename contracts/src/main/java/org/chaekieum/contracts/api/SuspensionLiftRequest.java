package org.chaekieum.contracts.api;

/** An operator lifts a member's suspensions set by the libraries of the operator's region, saying why. */
public record SuspensionLiftRequest(String reason) {

    /** Longest reason; free text. */
    public static final int REASON_MAX = 300;
}
