package org.chaekieum.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A self-check kiosk as the tests drive the SIP2 gateway with it, written from the SIP2 2.00 specification (no SIP2
 * client library is reachable here): one TCP connection, messages ended by CR, optional error detection (AY sequence
 * 0-9, AZ checksum), and what real kiosks do: a 96 answer makes it send the same message again (up to three times),
 * 97 asks for the last answer again, and the same message can be sent again with the same sequence number after a lost
 * answer. Answers are read in the kiosk's character set and their checksums verified.
 */
public final class KioskClient implements AutoCloseable {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

    /** One answer of the gateway. */
    public record Answer(String text, boolean checksumValid, boolean closed) {

        public String command() {
            return closed || text.length() < 2 ? "" : text.substring(0, 2);
        }

        /** Characters of the fixed part at an offset after the command (0-based after the 2 command characters). */
        public String fixed(int offset, int length) {
            return text.substring(2 + offset, 2 + offset + length);
        }

        public char flag(int offset) {
            return text.charAt(2 + offset);
        }

        /** The first value of a field, searching after the fixed part of {@code fixedLength} characters. */
        public Optional<String> field(String id, int fixedLength) {
            List<String> values = fields(id, fixedLength);
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public List<String> fields(String id, int fixedLength) {
            List<String> values = new ArrayList<>();
            String body = text;
            int tail = body.indexOf("AY", 2 + fixedLength);
            int lastBar = body.lastIndexOf('|');
            if (tail > lastBar && tail >= 0) {
                body = body.substring(0, tail);
            } else if (body.length() >= 6 && body.charAt(body.length() - 6) == 'A'
                    && body.charAt(body.length() - 5) == 'Z') {
                body = body.substring(0, body.length() - 6);
            }
            if (body.length() < 2 + fixedLength) {
                return values;
            }
            for (String part : body.substring(2 + fixedLength).split("\\|")) {
                if (part.startsWith(id)) {
                    values.add(part.substring(2));
                }
            }
            return values;
        }

        /** The screen message (AF) of a response whose fixed part has this length. */
        public String screen(int fixedLength) {
            return field("AF", fixedLength).orElse("");
        }

        @Override
        public String toString() {
            return closed ? "<connection closed>" : text;
        }
    }

    /** Fixed lengths of the gateway's responses, to read their fields. */
    public static final int LOGIN_RESPONSE = 1;
    public static final int ACS_STATUS = 1 + 1 + 1 + 1 + 1 + 1 + 3 + 3 + 18 + 4;
    public static final int PATRON_STATUS_RESPONSE = 14 + 3 + 18;
    public static final int PATRON_INFORMATION_RESPONSE = 14 + 3 + 18 + 6 * 4;
    public static final int CHECKOUT_RESPONSE = 1 + 1 + 1 + 1 + 18;
    public static final int CHECKIN_RESPONSE = 1 + 1 + 1 + 1 + 18;
    public static final int ITEM_INFORMATION_RESPONSE = 2 + 2 + 2 + 18;
    public static final int RENEW_RESPONSE = 1 + 1 + 1 + 1 + 18;
    public static final int RENEW_ALL_RESPONSE = 1 + 4 + 4 + 18;
    public static final int END_SESSION_RESPONSE = 1 + 18;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Charset charset;
    private final boolean errorDetection;
    private int sequence;
    private byte[] lastSent;

    private KioskClient(Socket socket, Charset charset, boolean errorDetection) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.charset = charset;
        this.errorDetection = errorDetection;
    }

    public static KioskClient connect(int port) {
        return connect("127.0.0.1", port, StandardCharsets.UTF_8, false);
    }

    public static KioskClient connect(String host, int port, Charset charset, boolean errorDetection) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            return new KioskClient(socket, charset, errorDetection);
        } catch (IOException e) {
            throw new UncheckedIOException("kiosk could not connect to " + host + ":" + port, e);
        }
    }

    /** A kiosk over a socket its caller connected (a TLS socket, say). */
    public static KioskClient over(Socket socket, Charset charset, boolean errorDetection) {
        try {
            socket.setSoTimeout(20_000);
            return new KioskClient(socket, charset, errorDetection);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The current date as SIP2 writes it: {@code YYYYMMDD    HHMMSS}, Korean local time. */
    public static String now() {
        ZonedDateTime at = ZonedDateTime.now(ZoneId.of("Asia/Seoul"));
        return DAY.format(at) + "    " + TIME.format(at);
    }

    public static String checksum(byte[] bytes) {
        int sum = 0;
        for (byte b : bytes) {
            sum += b & 0xFF;
        }
        return String.format(Locale.ROOT, "%04X", (-sum) & 0xFFFF);
    }

    // ---- messages as a kiosk writes them ------------------------------------------------------------------------

    public Answer login(String user, String password, String location) {
        return send("9300CN" + user + "|CO" + password + "|CP" + location + "|");
    }

    public Answer status() {
        return send("9900302.00");
    }

    public Answer patronStatus(String institution, String patron, String password) {
        return send("23020" + now() + "AO" + institution + "|AA" + patron + "|AC|AD" + password + "|");
    }

    /** 63 with the summary asking for charged items (position 3), items start..end. */
    public Answer patronInformation(String institution, String patron, String password, int start, int end) {
        return send("63020" + now() + "  Y       " + "AO" + institution + "|AA" + patron + "|AC|AD" + password
                + "|BP" + start + "|BQ" + end + "|");
    }

    public Answer checkout(String institution, String patron, String item) {
        return send(checkoutMessage(institution, patron, item, ""));
    }

    public static String checkoutMessage(String institution, String patron, String item, String password) {
        return "11NN" + now() + " ".repeat(18) + "AO" + institution + "|AA" + patron + "|AB" + item + "|AC|AD"
                + password + "|BON|";
    }

    public Answer checkin(String institution, String item) {
        return send("09N" + now() + now() + "APdesk|AO" + institution + "|AB" + item + "|AC|");
    }

    public Answer itemInformation(String institution, String item) {
        return send("17" + now() + "AO" + institution + "|AB" + item + "|AC|");
    }

    public Answer renew(String institution, String patron, String item) {
        return send("29NN" + now() + " ".repeat(18) + "AO" + institution + "|AA" + patron + "|AD|AB" + item
                + "|AC|BON|");
    }

    public Answer renewAll(String institution, String patron) {
        return send("65" + now() + "AO" + institution + "|AA" + patron + "|AD|AC|BON|");
    }

    public Answer endSession(String institution, String patron) {
        return send("35" + now() + "AO" + institution + "|AA" + patron + "|AC|AD|");
    }

    /** 97: "send your last answer again" (with a checksum and no sequence number when using error detection). */
    public Answer requestResend() {
        String message = errorDetection ? "97AZ" + checksum("97AZ".getBytes(StandardCharsets.US_ASCII)) : "97";
        return exchange((message + "\r").getBytes(StandardCharsets.US_ASCII), false, true);
    }

    /** A bare 97 without a checksum, as some kiosks send it even with error detection on. */
    public Answer requestResendWithoutChecksum() {
        return exchange("97\r".getBytes(StandardCharsets.US_ASCII), false, true);
    }

    // ---- the wire ---------------------------------------------------------------------------------------------

    /**
     * Sends a message (with AY/AZ when this kiosk uses error detection, the sequence number going round 0-9) and
     * reads the answer; a 96 answer makes it send the same bytes again, up to three times, as kiosks do.
     */
    public Answer send(String message) {
        byte[] bytes = frame(message, sequence);
        sequence = (sequence + 1) % 10;
        return exchange(bytes, true, true);
    }

    /** The last message again, same bytes and sequence number, as a kiosk does when its answer was lost. */
    public Answer sendSameAgain() {
        return exchange(lastSent, true, true);
    }

    /** Exactly these bytes (a test's malformed frame); one answer read, or the connection found closed. */
    public Answer sendRaw(byte[] bytes) {
        return exchange(bytes, false, false);
    }

    /** Writes bytes without reading anything (part of a message, say). */
    public void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] frame(String message, int sequenceNumber) {
        if (!errorDetection) {
            return (message + "\r").getBytes(charset);
        }
        byte[] head = (message + "AY" + sequenceNumber + "AZ").getBytes(charset);
        byte[] sum = checksum(head).getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + 5];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(sum, 0, all, head.length, 4);
        all[all.length - 1] = '\r';
        return all;
    }

    private Answer exchange(byte[] bytes, boolean remember, boolean retryOn96) {
        if (remember) {
            lastSent = bytes;
        }
        Answer answer = null;
        for (int attempt = 0; attempt < (retryOn96 ? 4 : 1); attempt++) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                return new Answer("", false, true);
            }
            answer = read();
            if (answer.closed() || !"96".equals(answer.command()) || !retryOn96) {
                return answer;
            }
        }
        return answer;
    }

    /** Reads one answer up to its CR. */
    public Answer read() {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\r') {
                    byte[] bytes = answer.toByteArray();
                    return new Answer(new String(bytes, charset), checksumValid(bytes), false);
                }
                answer.write(b);
            }
            return new Answer(new String(answer.toByteArray(), charset), false, true);
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("the gateway did not answer within 20 s", e);
        } catch (IOException e) {
            return new Answer("", false, true);
        }
    }

    /** Whether the peer closed the connection (reads until end of stream or the timeout). */
    public boolean closedByPeer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean checksumValid(byte[] bytes) {
        int n = bytes.length;
        if (n < 6 || bytes[n - 6] != 'A' || bytes[n - 5] != 'Z') {
            return true;
        }
        byte[] head = Arrays.copyOf(bytes, n - 4);
        return checksum(head).equalsIgnoreCase(new String(bytes, n - 4, 4, StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
