package org.chaekieum.adapter.sip2;

import java.util.Arrays;
import java.util.Optional;

/**
 * The SIP2 2.00 messages a self-check kiosk (SC) sends, with the length of their fixed fields and the message the
 * gateway (ACS) answers with. {@link #implemented} is what the 98 status message reports in its supported-messages
 * field (BX); the others are answered in their own response form with the failure flag set, never with silence.
 */
public enum Sip2Command {
    PATRON_STATUS("23", "24", 3 + 18, true),
    CHECKOUT("11", "12", 1 + 1 + 18 + 18, true),
    CHECKIN("09", "10", 1 + 18 + 18, true),
    BLOCK_PATRON("01", "24", 1 + 18, false),
    SC_STATUS("99", "98", 1 + 3 + 4, true),
    REQUEST_ACS_RESEND("97", "96", 0, true),
    LOGIN("93", "94", 1 + 1, true),
    PATRON_INFORMATION("63", "64", 3 + 18 + 10, true),
    END_PATRON_SESSION("35", "36", 18, true),
    FEE_PAID("37", "38", 18 + 2 + 2 + 3, false),
    ITEM_INFORMATION("17", "18", 18, true),
    ITEM_STATUS_UPDATE("19", "20", 18, false),
    PATRON_ENABLE("25", "26", 18, false),
    HOLD("15", "16", 1 + 18, false),
    RENEW("29", "30", 1 + 1 + 18 + 18, true),
    RENEW_ALL("65", "66", 18, true);

    /** BX of the 98 message: one Y/N per message, in the order the specification lists them (this enum's order). */
    public static final String SUPPORTED_MESSAGES;

    static {
        StringBuilder bx = new StringBuilder();
        for (Sip2Command command : values()) {
            bx.append(command.implemented ? 'Y' : 'N');
        }
        SUPPORTED_MESSAGES = bx.toString();
    }

    private final String code;
    private final String responseCode;
    private final int fixedLength;
    private final boolean implemented;

    Sip2Command(String code, String responseCode, int fixedLength, boolean implemented) {
        this.code = code;
        this.responseCode = responseCode;
        this.fixedLength = fixedLength;
        this.implemented = implemented;
    }

    public String code() {
        return code;
    }

    public String responseCode() {
        return responseCode;
    }

    /** Characters of fixed fields after the 2-character command identifier. */
    public int fixedLength() {
        return fixedLength;
    }

    public boolean implemented() {
        return implemented;
    }

    public static Optional<Sip2Command> of(String code) {
        return Arrays.stream(values()).filter(command -> command.code.equals(code)).findFirst();
    }
}
