package org.chaekieum.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that behaves as KOLAS III's local-service caller does: for each request it connects to the configured
 * address, asks for a worker port ({@code S0001}), reads the answer's {@code <IP>} and {@code <PORT>}, closes,
 * connects to that address, sends the frame in its envelope, waits for ACK, reads the answer's envelope, sends ACK and
 * closes: one request per TCP session. It writes frames the way the client's writer does (tabs, CRLF, entities for
 * {@code & " < >}, {@code '} doubled) and reads answers by element name. Its queue keeps reports (K10, K11, ...) to
 * send later, in order, as KOLAS's drainer does, and can send them again.
 */
public final class KolasClient {

    private static final byte STX = 0x02;
    private static final byte SOH = 0x01;
    private static final byte ETX = 0x03;
    private static final Pattern RECORD = Pattern.compile("<Record(\\d+)[^>]*>(.*?)</Record\\1>", Pattern.DOTALL);
    private static final Pattern ELEMENT = Pattern.compile("<([^/>\\s]+)>(.*?)</\\1>", Pattern.DOTALL);

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private final List<Frame> queue = new ArrayList<>();

    public KolasClient(String host, int port) {
        this(host, port, 30_000);
    }

    public KolasClient(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** A frame to send: its command and one record of elements in order. */
    public record Frame(String command, Map<String, String> elements) {

        public static Frame of(String command, String... namesAndValues) {
            Map<String, String> elements = new LinkedHashMap<>();
            for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
                elements.put(namesAndValues[i], namesAndValues[i + 1]);
            }
            return new Frame(command, elements);
        }

        /** The frame's text as KOLAS writes it. */
        public String text() {
            StringBuilder out = new StringBuilder();
            out.append("<Frame>\r\n\t<Header>\r\n");
            out.append("\t\t<Command>").append(command).append("</Command>\r\n");
            out.append("\t\t<Reiteration>N</Reiteration>\r\n");
            out.append("\t\t<ClientIp>127.0.0.1</ClientIp>\r\n");
            out.append("\t</Header>\r\n\t<Body>\r\n\t\t<Body1>\r\n");
            out.append("\t\t\t<Record0 Count=\"").append(elements.size()).append("\">\r\n");
            elements.forEach((name, value) -> out.append("\t\t\t\t<").append(name).append('>').append(escape(value))
                    .append("</").append(name).append(">\r\n"));
            out.append("\t\t\t</Record0>\r\n\t\t</Body1>\r\n\t</Body>\r\n</Frame>");
            return out.toString();
        }
    }

    /** An answer: its command and its records, each element by name (escaping undone). */
    public record Answer(String command, List<Map<String, String>> records, String text) {

        public boolean isError() {
            return "ERROR".equals(command);
        }

        /** Record0's value of an element, or null. */
        public String value(String element) {
            return records.isEmpty() ? null : records.get(0).get(element);
        }

        /** The 14-character error code (Record0's first element). */
        public String errorCode() {
            return records.isEmpty() || records.get(0).isEmpty() ? null : records.get(0).values().iterator().next();
        }
    }

    /** Sends one request as KOLAS does (port assignment first) and answers what came back. */
    public Answer send(Frame frame) {
        int[] worker = assignPort();
        return sendTo(host, worker[1], frame.text().getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps a report in the local queue (KOLAS's drainer sends it later). */
    public void queue(Frame frame) {
        queue.add(frame);
    }

    public List<Frame> queued() {
        return List.copyOf(queue);
    }

    /** Sends every queued report in order and empties the queue (a report that fails stays, as in KOLAS). */
    public List<Answer> drain() {
        List<Answer> answers = new ArrayList<>();
        List<Frame> pending = new ArrayList<>(queue);
        queue.clear();
        for (int i = 0; i < pending.size(); i++) {
            Answer answer = send(pending.get(i));
            answers.add(answer);
            if (answer.isError() && answer.errorCode() != null && answer.errorCode().contains("MW")) {
                queue.addAll(pending.subList(i, pending.size()));
                break;
            }
        }
        return answers;
    }

    /** The port-assignment exchange: {IP ignored (0), PORT}. */
    public int[] assignPort() {
        try (Socket socket = connect(host, port)) {
            String handshake = "<Frame>\r\n\t<Header>\r\n\t\t<Command>S0001</Command>\r\n\t</Header>\r\n\t<Body>\r\n"
                    + "\t\t<Body1>\r\n\t\t\t<Record0 Count=\"2\">\r\n\t\t\t\t<REQUEST>1</REQUEST>\r\n"
                    + "\t\t\t\t<ASSIN>Y</ASSIN>\r\n\t\t\t</Record0>\r\n\t\t</Body1>\r\n\t</Body>\r\n</Frame>";
            socket.getOutputStream().write(envelope(handshake.getBytes(StandardCharsets.UTF_8)));
            String reply = new String(readEnvelope(socket.getInputStream()), StandardCharsets.UTF_8);
            String portText = between(reply, "<PORT>", "</PORT>");
            if (portText == null || between(reply, "<IP>", "</IP>") == null) {
                throw new IllegalStateException("port assignment without IP/PORT: " + reply);
            }
            return new int[] {0, Integer.parseInt(portText.strip())};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends raw payload bytes in an envelope to a worker address: ACK, answer, ACK. */
    public Answer sendTo(String workerHost, int workerPort, byte[] payload) {
        try (Socket socket = connect(workerHost, workerPort)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(envelope(payload));
            out.flush();
            byte[] ack = in.readNBytes(3);
            if (ack.length != 3 || ack[0] != STX || ack[2] != ETX) {
                throw new IllegalStateException("no ACK/NAK: " + HexFormat.of().formatHex(ack));
            }
            if (ack[1] == 0x15) {
                return new Answer("NAK", List.of(), "");
            }
            if (ack[1] != 0x06) {
                throw new IllegalStateException("neither ACK nor NAK: " + ack[1]);
            }
            String text = new String(readEnvelope(in), StandardCharsets.UTF_8);
            out.write(new byte[] {STX, 0x06, ETX});
            out.flush();
            return parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw bytes and reads whatever comes back until the peer closes (or the timeout). */
    public byte[] raw(byte[] bytes) {
        return raw(bytes, false);
    }

    /**
     * Writes raw bytes and reads whatever comes back until the peer closes (or the timeout); with {@code stop}, the
     * client then shuts its side down, as a peer that sent a part of an envelope and gave up.
     */
    public byte[] raw(byte[] bytes, boolean stop) {
        try (Socket socket = connect(host, port)) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            if (stop) {
                socket.shutdownOutput();
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = socket.getInputStream().read(buffer)) > 0) {
                    got.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | SocketException e) {
                // what came is what there is
            }
            return got.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] envelope(byte[] payload) {
        byte[] length = Integer.toString(payload.length).getBytes(StandardCharsets.US_ASCII);
        byte[] digits = Integer.toString(length.length).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(STX);
        out.writeBytes(digits);
        out.write(SOH);
        out.writeBytes(length);
        out.writeBytes(payload);
        out.write(ETX);
        return out.toByteArray();
    }

    /** Reads one envelope as the client does: byte by byte up to SOH, then L, then L bytes (ETX not awaited). */
    public static byte[] readEnvelope(InputStream in) throws IOException {
        int first = in.read();
        if (first != STX) {
            throw new IOException("expected STX, got " + first);
        }
        StringBuilder header = new StringBuilder();
        int b;
        while ((b = in.read()) != SOH) {
            if (b < 0 || header.length() > 99) {
                throw new IOException("no SOH");
            }
            header.append((char) b);
        }
        int digits = Integer.parseInt(header.toString());
        int length = Integer.parseInt(new String(in.readNBytes(digits), StandardCharsets.US_ASCII));
        byte[] payload = in.readNBytes(length);
        if (payload.length != length) {
            throw new IOException("short payload: " + payload.length + " of " + length);
        }
        return payload;
    }

    public static Answer parse(String text) {
        String command = between(text, "<Command>", "</Command>");
        List<Map<String, String>> records = new ArrayList<>();
        Matcher record = RECORD.matcher(text);
        while (record.find()) {
            Map<String, String> elements = new LinkedHashMap<>();
            Matcher element = ELEMENT.matcher(record.group(2));
            while (element.find()) {
                elements.put(element.group(1), unescape(element.group(2)));
            }
            records.add(elements);
        }
        return new Answer(command == null ? null : command.strip(), records, text);
    }

    private Socket connect(String to, int toPort) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(to, toPort), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        return socket;
    }

    private static String between(String text, String open, String close) {
        int from = text.indexOf(open);
        if (from < 0) {
            return null;
        }
        int to = text.indexOf(close, from + open.length());
        return to < 0 ? null : text.substring(from + open.length(), to);
    }

    static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("'", "''");
    }

    static String unescape(String value) {
        return value.replace("''", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'").replace("&amp;", "&");
    }
}
