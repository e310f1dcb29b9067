package org.chaekieum.adapter.sip2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Builds one message of the gateway: command, fixed fields, variable fields in the order given, then (when the kiosk
 * uses error detection) {@code AY<sequence>AZ<checksum>}, and CR. Values are cleaned so that no value can end a field
 * or a message early: {@code |}, CR, LF and other control characters become blanks.
 */
public final class Sip2Response {

    private final StringBuilder text = new StringBuilder(128);

    private Sip2Response(String command) {
        text.append(command);
    }

    public static Sip2Response of(String command) {
        return new Sip2Response(command);
    }

    /** Fixed fields, appended as given (their lengths are the caller's). */
    public Sip2Response fixed(String value) {
        text.append(value);
        return this;
    }

    /** A Y/N fixed flag. */
    public Sip2Response flag(boolean yes) {
        text.append(yes ? 'Y' : 'N');
        return this;
    }

    /** A 0/1 fixed flag (the "ok" of the responses). */
    public Sip2Response ok(boolean ok) {
        text.append(ok ? '1' : '0');
        return this;
    }

    /** A fixed count of 4 digits (9999 at most), or blanks when unknown. */
    public Sip2Response count4(Integer count) {
        text.append(count == null ? "    " : String.format("%04d", Math.min(9999, Math.max(0, count))));
        return this;
    }

    /** A required variable field, written even when empty. */
    public Sip2Response field(String id, String value) {
        text.append(id).append(clean(value)).append('|');
        return this;
    }

    /** An optional variable field, left out when null or empty. */
    public Sip2Response optional(String id, String value) {
        if (value != null && !value.isEmpty()) {
            field(id, value);
        }
        return this;
    }

    /** The message's bytes in the kiosk's character set, with error detection when {@code sequence} is not null. */
    public byte[] build(Integer sequence, Charset charset) {
        if (sequence == null) {
            return (text + "\r").getBytes(charset);
        }
        byte[] head = (text + "AY" + (sequence % 10) + "AZ").getBytes(charset);
        String checksum = Sip2Checksum.of(head);
        byte[] message = new byte[head.length + 5];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(checksum.getBytes(StandardCharsets.US_ASCII), 0, message, head.length, 4);
        message[message.length - 1] = '\r';
        return message;
    }

    @Override
    public String toString() {
        return text.toString();
    }

    static String clean(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder cleaned = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '|' || c < 0x20 || c == 0x7F) {
                if (cleaned == null) {
                    cleaned = new StringBuilder(value);
                }
                cleaned.setCharAt(i, ' ');
            }
        }
        return cleaned == null ? value : cleaned.toString();
    }
}
