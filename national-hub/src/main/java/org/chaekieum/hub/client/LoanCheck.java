package org.chaekieum.hub.client;

/** A region's answer to "does this loan exist?", asked to settle a reservation that was never confirmed. */
public enum LoanCheck {
    /** 200: the loan was committed. */
    EXISTS,
    /** 404: the region never committed it. */
    NOT_FOUND,
    /** No usable answer (not configured, down, timeout, open circuit): the reservation stays counted. */
    UNKNOWN
}
