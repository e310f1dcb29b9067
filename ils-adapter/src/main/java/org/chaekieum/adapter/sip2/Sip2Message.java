package org.chaekieum.adapter.sip2;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.chaekieum.adapter.sip2.Sip2FormatException.Reason;

/**
 * One SIP2 message as a kiosk sent it: a 2-digit command identifier, its fixed fields, then variable fields
 * {@code XYvalue|}, optionally ending in {@code AY<sequence>AZ<checksum>} (error detection). Fields keep their order and
 * may repeat.
 *
 * @param command     the command identifier, e.g. {@code 11}
 * @param fixed       the fixed fields as one string (length per {@link Sip2Command#fixedLength()})
 * @param fields      the variable fields in order
 * @param sequence    the AY sequence number (0-9), or null when the kiosk sent no error detection
 * @param fingerprint the message's bytes without the error-detection tail, hashed into idempotency keys
 */
public record Sip2Message(String command, String fixed, List<Field> fields, Integer sequence, byte[] fingerprint) {

    /** One variable field: its two-character identifier and value. */
    public record Field(String id, String value) {
    }

    public Sip2Message {
        fields = List.copyOf(fields);
    }

    /** The first value of a field, if present. */
    public Optional<String> field(String id) {
        for (Field field : fields) {
            if (field.id().equals(id)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /** The first value of a field, or "" when absent. */
    public String value(String id) {
        return field(id).orElse("");
    }

    /** A fixed field by its offset and length within {@link #fixed}. */
    public String fixed(int offset, int length) {
        return fixed.substring(offset, offset + length);
    }

    /**
     * Reads one frame (without its CR). Refuses a frame whose checksum is present but wrong, or missing where
     * {@code requireErrorDetection}; bytes that are not valid in the kiosk's character set; a command that is not two
     * digits; a known command shorter than its fixed fields. An unknown command of two digits is read with no fixed
     * fields (it is answered as unknown).
     */
    public static Sip2Message parse(byte[] frame, Charset charset, boolean requireErrorDetection)
            throws Sip2FormatException {
        int end = frame.length;
        while (end > 0 && (frame[end - 1] == '\r' || frame[end - 1] == '\n')) {
            end--;
        }
        int start = 0;
        while (start < end && (frame[start] == '\n' || frame[start] == '\r')) {
            start++;
        }
        Integer sequence = null;
        int bodyEnd = end;
        boolean checked = false;
        if (end - start >= 6 && frame[end - 6] == 'A' && frame[end - 5] == 'Z') {
            String sent = new String(frame, end - 4, 4, StandardCharsets.ISO_8859_1);
            String expected = Sip2Checksum.of(frame, start, end - 4);
            if (!expected.equalsIgnoreCase(sent)) {
                throw new Sip2FormatException(Reason.CHECKSUM, "checksum mismatch");
            }
            checked = true;
            bodyEnd = end - 6;
            if (bodyEnd - start >= 3 && frame[bodyEnd - 3] == 'A' && frame[bodyEnd - 2] == 'Y'
                    && frame[bodyEnd - 1] >= '0' && frame[bodyEnd - 1] <= '9') {
                sequence = frame[bodyEnd - 1] - '0';
                bodyEnd -= 3;
            }
        }
        if (!checked && requireErrorDetection) {
            throw new Sip2FormatException(Reason.CHECKSUM_MISSING, "error detection required");
        }
        String body = decode(frame, start, bodyEnd, charset);
        if (body.length() < 2 || !Character.isDigit(body.charAt(0)) || !Character.isDigit(body.charAt(1))
                || body.charAt(0) > '9' || body.charAt(1) > '9') {
            throw new Sip2FormatException(Reason.NOT_A_COMMAND, "no command identifier");
        }
        String command = body.substring(0, 2);
        int fixedLength = Sip2Command.of(command).map(Sip2Command::fixedLength).orElse(0);
        if (body.length() < 2 + fixedLength) {
            throw new Sip2FormatException(Reason.TOO_SHORT, "shorter than the fixed fields of " + command);
        }
        List<Field> fields = new ArrayList<>();
        String variable = body.substring(2 + fixedLength);
        int from = 0;
        while (from < variable.length()) {
            int bar = variable.indexOf('|', from);
            int to = bar < 0 ? variable.length() : bar;
            if (to - from >= 2) {
                fields.add(new Field(variable.substring(from, from + 2), variable.substring(from + 2, to)));
            }
            from = to + 1;
        }
        byte[] fingerprint = Arrays.copyOfRange(frame, start, bodyEnd);
        return new Sip2Message(command, body.substring(2, 2 + fixedLength), fields, sequence, fingerprint);
    }

    private static String decode(byte[] frame, int from, int to, Charset charset) throws Sip2FormatException {
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(frame, from, to - from))
                    .toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == 0x7F) {
                    throw new Sip2FormatException(Reason.CHARACTER_SET, "control character in the message");
                }
            }
            return text;
        } catch (CharacterCodingException e) {
            throw new Sip2FormatException(Reason.CHARACTER_SET, "not valid " + charset.name());
        }
    }
}
