package org.chaekieum.adapter.sip2;

/** A frame the gateway cannot read: answered with 96 (please resend), never a closed listener. */
public class Sip2FormatException extends Exception {

    /** Why, for the metrics tag and the log (never the frame's content: it may carry a password). */
    public enum Reason {
        CHECKSUM, CHECKSUM_MISSING, CHARACTER_SET, TOO_SHORT, NOT_A_COMMAND, TOO_LONG
    }

    private final Reason reason;

    public Sip2FormatException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
