package org.chaekieum.runtime.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private static final RateLimits.Caller DESK = new RateLimits.Caller("ils-111001", "111001");

    private final MovableClock clock = new MovableClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RateLimits limits = limits(Map.of("import",
            new Settings(3, Duration.ofMinutes(1), 100, Map.of("sip2-gateway", 5L))));

    @Test
    void refusesTheCallBeyondTheCapacityWithTheSecondsUntilTheNextToken() {
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take("import", DESK)).as("call %d", i + 1).isZero();
        }
        // 3 per minute: the next token comes 20 s after the bucket started emptying
        assertThat(limits.take("import", DESK)).isEqualTo(20);
        clock.advance(Duration.ofSeconds(19));
        assertThat(limits.take("import", DESK)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limits.take("import", DESK)).isZero();
        assertThat(registry.get(RateLimits.REFUSED_METRIC).tag("limit", "import").counter().count()).isEqualTo(2);
    }

    @Test
    void eachClientEachLibraryAndEachLimitHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            limits.take("import", DESK);
        }
        assertThat(limits.take("import", DESK)).isPositive();
        assertThat(limits.take("import", new RateLimits.Caller("ils-other", "111001"))).isZero();
        assertThat(limits.take("import", new RateLimits.Caller("ils-111001", "111002"))).isZero();
        assertThat(limits.take("card-password-check", DESK)).as("another limit, with the defaults").isZero();
    }

    @Test
    void aClientWithACapacityOfItsOwnHasThatCapacity() {
        RateLimits.Caller gateway = new RateLimits.Caller("sip2-gateway", null);
        for (int i = 0; i < 5; i++) {
            assertThat(limits.take("import", gateway)).as("call %d", i + 1).isZero();
        }
        assertThat(limits.take("import", gateway)).isEqualTo(12); // 5 per minute
    }

    @Test
    void theLeastRecentlyUsedBucketsAreForgottenBeyondMaxClients() {
        RateLimits few = limits(Map.of("import", new Settings(1, Duration.ofHours(1), 2, Map.of())));
        few.take("import", DESK);
        assertThat(few.take("import", DESK)).isPositive();
        for (int i = 0; i < 50; i++) {
            few.take("import", new RateLimits.Caller("ils-" + i, null));
        }
        assertThat(few.buckets("import")).isLessThanOrEqualTo(2);
    }

    @Test
    void aBucketFillsAgainOverItsRefillPeriod() {
        for (int i = 0; i < 3; i++) {
            limits.take("import", DESK);
        }
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take("import", DESK)).as("call %d after a minute", i + 1).isZero();
        }
        assertThat(limits.take("import", DESK)).isPositive();
    }

    @Test
    void aConfiguredLimitCountsRefusalsFromTheStart() {
        assertThat(registry.get(RateLimits.REFUSED_METRIC).tag("limit", "import").counter().count()).isZero();
    }

    private RateLimits limits(Map<String, RateLimitConfig.Limit> configured) {
        RateLimits built = new RateLimits();
        built.config = () -> new DefaultingMap(configured);
        built.time = new RateLimitTime.ClockTime(clock);
        built.registry = registry;
        built.start();
        return built;
    }

    private record Settings(long capacity, Duration refillPeriod, long maxClients, Map<String, Long> clientCapacity)
            implements RateLimitConfig.Limit {
    }

    /** As SmallRye's {@code @WithDefaults} map: a name without settings has the defaults. */
    private static final class DefaultingMap extends HashMap<String, RateLimitConfig.Limit> {
        DefaultingMap(Map<String, RateLimitConfig.Limit> configured) {
            super(configured);
        }

        @Override
        public RateLimitConfig.Limit get(Object key) {
            return containsKey(key) ? super.get(key) : new Settings(60, Duration.ofMinutes(1), 10_000, Map.of());
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T03:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Seoul");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
