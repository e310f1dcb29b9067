package org.chaekieum.adapter.kolas;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The length envelope KOLAS III's local service puts around every frame, both ways: {@code STX}, the number of digits
 * of L in ASCII, {@code SOH}, L in ASCII decimal, L bytes of UTF-8 payload, {@code ETX}. ACK and NAK are the three
 * bytes {@code STX ACK ETX} and {@code STX NAK ETX}.
 *
 * <p>{@link Reader} takes the bytes as they arrive and says when a whole frame is in, or what is wrong with it, at
 * the first byte that makes it wrong: a peer that sends garbage is answered at once, not after a timeout.
 */
public final class KolasEnvelope {

    public static final byte STX = 0x02;
    public static final byte SOH = 0x01;
    public static final byte ETX = 0x03;
    public static final byte ACK_BYTE = 0x06;
    public static final byte NAK_BYTE = 0x15;
    /** Longest header (the digits before SOH) the client itself reads. */
    public static final int MAX_HEADER = 99;

    private static final byte[] ACK = {STX, ACK_BYTE, ETX};
    private static final byte[] NAK = {STX, NAK_BYTE, ETX};

    private KolasEnvelope() {
    }

    public static byte[] ack() {
        return ACK.clone();
    }

    public static byte[] nak() {
        return NAK.clone();
    }

    /** The payload in its envelope, ETX included. */
    public static byte[] wrap(byte[] payload) {
        byte[] length = Integer.toString(payload.length).getBytes(StandardCharsets.US_ASCII);
        byte[] digits = Integer.toString(length.length).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + length.length + digits.length + 3);
        out.write(STX);
        out.writeBytes(digits);
        out.write(SOH);
        out.writeBytes(length);
        out.writeBytes(payload);
        out.write(ETX);
        return out.toByteArray();
    }

    /** Why an envelope was refused (a metric tag, and the log line). */
    public enum Fault {
        NO_STX, BAD_HEADER, BAD_LENGTH, TOO_LONG, NO_ETX
    }

    /** A frame refused before its payload could be read. */
    public static final class FaultException extends Exception {
        private final Fault fault;

        FaultException(Fault fault, String message) {
            super(message);
            this.fault = fault;
        }

        public Fault fault() {
            return fault;
        }
    }

    /** Reads one envelope from bytes that come in pieces. Not thread-safe: one per connection. */
    public static final class Reader {
        private enum State { STX, HEADER, LENGTH, PAYLOAD, ETX, DONE }

        private final int maxPayload;
        private State state = State.STX;
        private final StringBuilder header = new StringBuilder();
        private final StringBuilder length = new StringBuilder();
        private int lengthDigits;
        private byte[] payload;
        private int filled;

        public Reader(int maxPayload) {
            this.maxPayload = maxPayload;
        }

        /** Whether some bytes of an envelope have come (a read timeout applies). */
        public boolean begun() {
            return state != State.STX;
        }

        /**
         * Feeds bytes; answers the payload once the envelope is whole (the trailing ETX read when it is in the same
         * bytes, waited for otherwise), empty while more is needed.
         *
         * @return the payload, when complete
         * @throws FaultException at the first byte that cannot belong to an envelope
         */
        public Optional<byte[]> feed(byte[] bytes) throws FaultException {
            for (byte b : bytes) {
                switch (state) {
                    case STX -> {
                        if (b != STX) {
                            throw new FaultException(Fault.NO_STX, "expected STX, got 0x" + hex(b));
                        }
                        state = State.HEADER;
                    }
                    case HEADER -> {
                        if (b == SOH) {
                            if (header.isEmpty()) {
                                throw new FaultException(Fault.BAD_HEADER, "no digits before SOH");
                            }
                            lengthDigits = Integer.parseInt(header.toString());
                            if (lengthDigits < 1 || lengthDigits > 9) {
                                throw new FaultException(Fault.BAD_HEADER, "length of " + lengthDigits + " digits");
                            }
                            state = State.LENGTH;
                        } else if (b >= '0' && b <= '9' && header.length() < 2) {
                            header.append((char) b);
                        } else {
                            throw new FaultException(Fault.BAD_HEADER, "byte 0x" + hex(b) + " in the header");
                        }
                    }
                    case LENGTH -> {
                        if (b < '0' || b > '9') {
                            throw new FaultException(Fault.BAD_LENGTH, "byte 0x" + hex(b) + " in the length");
                        }
                        length.append((char) b);
                        if (length.length() == lengthDigits) {
                            long declared = Long.parseLong(length.toString());
                            if (declared > maxPayload) {
                                throw new FaultException(Fault.TOO_LONG, "declared length " + declared
                                        + " over the limit of " + maxPayload + " bytes");
                            }
                            if (declared == 0) {
                                throw new FaultException(Fault.BAD_LENGTH, "empty payload");
                            }
                            payload = new byte[(int) declared];
                            state = State.PAYLOAD;
                        }
                    }
                    case PAYLOAD -> {
                        payload[filled++] = b;
                        if (filled == payload.length) {
                            state = State.ETX;
                        }
                    }
                    case ETX -> {
                        if (b != ETX) {
                            throw new FaultException(Fault.NO_ETX, "expected ETX after the payload, got 0x" + hex(b));
                        }
                        state = State.DONE;
                    }
                    case DONE -> {
                        // One request per session: anything after the envelope is ignored.
                    }
                    default -> throw new IllegalStateException();
                }
            }
            return state == State.ETX || state == State.DONE ? Optional.of(payload) : Optional.empty();
        }
    }

    static String hex(byte b) {
        return String.format("%02x", b & 0xff);
    }
}
