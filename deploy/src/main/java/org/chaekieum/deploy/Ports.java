package org.chaekieum.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/** Local TCP ports: which are free, which accept connections. */
public final class Ports {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    /** A port that is free now and that this JVM has not handed out before. */
    public static synchronized int free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free local port", e);
            }
        }
        throw new IllegalStateException("no free local port");
    }

    /** {@code preferred} when it is free, else the next free port above it. */
    public static synchronized int freeFrom(int preferred) {
        for (int port = preferred; port < preferred + 100; port++) {
            if (isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + preferred + ".." + (preferred + 99));
    }

    /** Nothing listens on the port (on the loopback or the wildcard address) and it can be bound. */
    public static boolean isFree(int port) {
        if (accepts(port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Something accepts TCP connections on 127.0.0.1:port. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a readable message when the port is taken. */
    public static void requireFree(int port, String forWhat) {
        if (!isFree(port)) {
            throw new IllegalStateException("port " + port + " (" + forWhat + ") is already in use: is another "
                    + "local federation running? Stop it or choose other ports.");
        }
    }
}
