package org.chaekieum.adapter.region;

/** The regional center did not answer (refused, timed out, circuit open, or a 5xx without a problem body). */
public class RegionUnreachable extends RuntimeException {

    public RegionUnreachable(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
