package org.chaekieum.deploy.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One kiosk's persistent SIP2 connection for the benchmark (UTF-8, no error detection): logged in once, then one
 * message at a time. Unlike {@link org.chaekieum.deploy.Sip2Gateway.Connection}, which reads its answer a byte per
 * system call, it reads through a buffer and sends with TCP_NODELAY, so that the client's own cost stays as small as
 * the REST client's and what the benchmark adds to the SIP2 path is the gateway.
 */
final class KioskClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream answer = new ByteArrayOutputStream(512);
    private final String login;

    private KioskClient(Socket socket, String login) throws IOException {
        this.socket = socket;
        this.login = login;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    /** Connects to the gateway on 127.0.0.1 and logs in (93); fails unless the answer is 941. */
    static KioskClient open(int port, String login, String password, Duration answerTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            socket.setSoTimeout((int) answerTimeout.toMillis());
            KioskClient client = new KioskClient(socket, login);
            String loginAnswer = client.exchange("9300CN" + login + "|CO" + password + "|CP|");
            if (!loginAnswer.startsWith("941")) {
                throw new IOException("kiosk " + login + " could not log in: " + loginAnswer);
            }
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    String login() {
        return login;
    }

    /** Sends one message (CR added) and returns its answer without the CR. */
    String exchange(String message) throws IOException {
        out.write((message + "\r").getBytes(StandardCharsets.UTF_8));
        out.flush();
        answer.reset();
        for (int b; (b = in.read()) != '\r'; ) {
            if (b < 0) {
                throw new IOException("the gateway closed the connection of " + login);
            }
            if (b != '\n' || answer.size() > 0) {
                answer.write(b);
            }
        }
        return answer.toString(StandardCharsets.UTF_8);
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
