package org.chaekieum.runtime.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;

/**
 * The rate limits by name ({@link RateLimited}): {@code chaekieum.rate-limit."import".capacity=60},
 * {@code chaekieum.rate-limit."import".refill-period=1M}, and a client's own capacity
 * {@code chaekieum.rate-limit."import".client-capacity."sip2-gateway"=600}. A name without settings has the defaults.
 */
@ConfigMapping(prefix = "chaekieum.rate-limit")
public interface RateLimitConfig {

    @WithParentName
    @WithDefaults
    Map<String, Limit> limits();

    interface Limit {

        /** Calls a client may make at once, with a full bucket (its burst). */
        @WithDefault("60")
        long capacity();

        /**
         * The time in which an empty bucket fills again, evenly: on average {@code capacity} calls per this period.
         */
        @WithDefault("1M")
        Duration refillPeriod();

        /**
         * Buckets kept at once (clients, or clients and libraries); the least recently used beyond it are forgotten,
         * so memory stays bounded. A bucket not used for a refill period is full and is forgotten anyway.
         */
        @WithDefault("10000")
        long maxClients();

        /**
         * A client's own capacity (per refill period), by its client id, instead of {@link #capacity()}: e.g. a SIP2
         * gateway that serves the kiosks of many libraries, or a migration tool.
         */
        Map<String, Long> clientCapacity();
    }
}
