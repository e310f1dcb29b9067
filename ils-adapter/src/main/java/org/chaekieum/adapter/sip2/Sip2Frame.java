package org.chaekieum.adapter.sip2;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One SIP2 message as a self-check kiosk sends it: a 2-character command, fixed fields, then {@code XYvalue|} variable
 * fields, CR-terminated, optionally ending in {@code AY<seq>AZ<checksum>} (error detection). This is the first piece of
 * the SIP2 adapter that translates kiosk traffic (checkout 11, checkin 09, patron status 23, ...) into the regional API.
 */
public record Sip2Frame(String command, String fixed, Map<String, String> fields, Integer sequence) {

    /**
     * Reads a frame. {@code fixedLength} is the length of the command's fixed part (e.g. 38 for checkout 11 with its
     * two dates, 24 for checkin 09). Refuses a frame whose checksum is present but wrong.
     */
    public static Sip2Frame parse(String raw, int fixedLength) {
        String message = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        Integer sequence = null;
        int az = message.lastIndexOf("AZ");
        if (az >= 0 && az == message.length() - 6) {
            String expected = checksum(message.substring(0, az + 2));
            if (!expected.equalsIgnoreCase(message.substring(az + 2))) {
                throw new IllegalArgumentException("SIP2 checksum mismatch: expected " + expected);
            }
            int ay = message.lastIndexOf("AY", az);
            if (ay >= 0 && ay == az - 3) {
                sequence = message.charAt(ay + 2) - '0';
                message = message.substring(0, ay);
            } else {
                message = message.substring(0, az);
            }
        }
        if (message.length() < 2 + fixedLength) {
            throw new IllegalArgumentException("SIP2 message shorter than its fixed fields");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String variable = message.substring(2 + fixedLength);
        for (String part : variable.split("\\|")) {
            if (part.length() >= 2) {
                fields.putIfAbsent(part.substring(0, 2), part.substring(2));
            }
        }
        return new Sip2Frame(message.substring(0, 2), message.substring(2, 2 + fixedLength), fields, sequence);
    }

    public Optional<String> field(String id) {
        return Optional.ofNullable(fields.get(id));
    }

    /**
     * The SIP2 checksum of everything up to and including {@code AZ}: the 16-bit two's complement of the sum of the
     * characters, as four upper-case hex digits.
     */
    public static String checksum(String upToAndIncludingAz) {
        int sum = 0;
        for (byte b : upToAndIncludingAz.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += b & 0xFF;
        }
        return String.format(Locale.ROOT, "%04X", (-sum) & 0xFFFF);
    }

    /** Appends {@code AY<seq>AZ<checksum>} and the terminating CR to a response body. */
    public static String withErrorDetection(String body, int sequence) {
        String head = body + "AY" + (sequence % 10) + "AZ";
        return head + checksum(head) + "\r";
    }
}
