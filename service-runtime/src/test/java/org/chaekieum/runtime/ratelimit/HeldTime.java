package org.chaekieum.runtime.ratelimit;

import io.github.bucket4j.TimeMeter;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The time of the rate limits in a service's tests: the wall clock, which a test may hold still ({@link #hold()}) so
 * that no bucket fills while it counts calls, however slowly the machine answers them. A module's tests produce it as
 * their {@link TimeMeter} bean, which replaces {@link RateLimitTime}'s.
 */
public final class HeldTime implements TimeMeter {

    private static volatile Long heldAt;

    /** From now on, until {@link #release()}, the time stands still. */
    public static void hold() {
        heldAt = wallClock();
    }

    /** The time runs again (and jumps to the wall clock's). */
    public static void release() {
        heldAt = null;
    }

    @Override
    public long currentTimeNanos() {
        Long held = heldAt;
        return held != null ? held : wallClock();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }

    private static long wallClock() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
