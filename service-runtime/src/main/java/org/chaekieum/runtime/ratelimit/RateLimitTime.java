package org.chaekieum.runtime.ratelimit;

import io.github.bucket4j.TimeMeter;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The time buckets fill in: the services' clock. A service's tests may produce their own {@link TimeMeter} (one they
 * can hold still), which replaces this one.
 */
@Dependent
public class RateLimitTime {

    @Produces
    @Singleton
    @DefaultBean
    TimeMeter rateLimitTime(Clock clock) {
        return new ClockTime(clock);
    }

    /** Bucket4j's time read from a {@link Clock}. */
    public record ClockTime(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
