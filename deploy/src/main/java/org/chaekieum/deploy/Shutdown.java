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

    private Shutdown() {
    }

    public static synchronized void register(AutoCloseable part) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Shutdown::closeAll, "federation-shutdown"));
            hookInstalled = true;
        }
        if (!PARTS.contains(part)) {
            PARTS.push(part);
        }
    }

    public static synchronized void unregister(AutoCloseable part) {
        PARTS.remove(part);
    }

    private static void closeAll() {
        List<AutoCloseable> parts;
        synchronized (Shutdown.class) {
            parts = new ArrayList<>(PARTS);
            PARTS.clear();
        }
        if (parts.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        System.out.println("[federation] stopping " + parts + " ...");
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("[federation] could not stop " + part + ": " + e);
            }
        }
        System.out.printf("[federation] stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
