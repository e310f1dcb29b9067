package org.chaekieum.deploy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Stops everything this JVM started when it exits (normal exit, Ctrl-C, SIGTERM): one shutdown hook closes the
 * registered parts in reverse order of registration.
 */
public final class Shutdown {

    private static final Deque<AutoCloseable> PARTS = new ArrayDeque<>();
    private static boolean hookInstalled;
    private static boolean closing;

    private Shutdown() {
    }

    /**
     * Registers a part to be closed at exit. A part registered once the stop has begun (Ctrl-C while the federation
     * still starts: its other threads go on launching services) is closed at once and its start refused with an
     * {@link IllegalStateException}, so that nothing is left running after the launcher has gone.
     */
    public static void register(AutoCloseable part) {
        synchronized (Shutdown.class) {
            if (!closing) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(Shutdown::closeAll, "federation-shutdown"));
                    hookInstalled = true;
                }
                if (!PARTS.contains(part)) {
                    PARTS.push(part);
                }
                return;
            }
        }
        close(part);
        throw new IllegalStateException("the federation is stopping: " + part + " is not started");
    }

    public static synchronized void unregister(AutoCloseable part) {
        PARTS.remove(part);
    }

    static void closeAll() {
        List<AutoCloseable> parts;
        synchronized (Shutdown.class) {
            closing = true;
            parts = new ArrayList<>(PARTS);
            PARTS.clear();
        }
        if (parts.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        System.out.println("[federation] stopping " + parts + " ...");
        parts.forEach(Shutdown::close);
        System.out.printf("[federation] stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void close(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            System.err.println("[federation] could not stop " + part + ": " + e);
        }
    }

    /** For tests only: forgets that a stop began (the parts themselves are gone). */
    static synchronized void reopenForTests() {
        closing = false;
    }
}
