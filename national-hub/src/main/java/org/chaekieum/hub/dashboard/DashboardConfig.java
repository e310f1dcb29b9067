package org.chaekieum.hub.dashboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the national dashboard ({@code chaekieum.dashboard.*}). */
@ConfigMapping(prefix = "chaekieum.dashboard")
public interface DashboardConfig {

    /** How long the figures of one scope (national, a region, a library) are reused by every page and stream. */
    @WithDefault("1s")
    Duration figuresCache();

    /** How long the daily series (90 days) of a scope is reused. */
    @WithDefault("5m")
    Duration dailySeriesCache();

    /** How often the regions' status (health, consumer lag, outbox backlog, last event) is refreshed. */
    @WithDefault("5s")
    String refreshEvery();

    /** Timeout of one region's health call. */
    @WithDefault("2s")
    Duration healthTimeout();

    /** Timeout of each question to the Kafka broker (offsets, the tail of the member events). */
    @WithDefault("2s")
    Duration kafkaTimeout();

    /** How often an open page's stream sends the figures. */
    @WithDefault("1s")
    Duration streamEvery();

    /**
     * How long one stream stays open; the browser then reconnects, which checks the session (and its roles) again, so a
     * wall screen never outlives the login that opened it.
     */
    @WithDefault("5m")
    Duration streamMax();

    /** The consumer group of a region's national-decisions consumer; {@code %s} is the region id. */
    @WithDefault("regional-center-%s")
    String regionConsumerGroup();

    /** The hub's own member-events consumer group. */
    @WithDefault("national-hub")
    String hubConsumerGroup();

    /** The member events read back per partition to find each region's latest (at start, then per refresh). */
    @WithDefault("500")
    int eventTail();
}
