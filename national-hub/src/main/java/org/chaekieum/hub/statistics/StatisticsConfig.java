package org.chaekieum.hub.statistics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** The national statistics ({@code chaekieum.statistics.*}). */
@ConfigMapping(prefix = "chaekieum.statistics")
public interface StatisticsConfig {

    Consumer consumer();

    /**
     * How long the member numbers of a day's borrowers are kept (counted from when they were written). They serve
     * only to count each member once per library and day; the day's figure is final {@code BORROWER_WINDOW} (1 day)
     * after the day ends, so at least 2 days; shorter settings are raised to 2 days.
     */
    @WithDefault("3d")
    Duration keepBorrowers();

    /**
     * How long the ids of counted events are kept: as the applied-event ids of the registry
     * ({@code chaekieum.housekeeping.keep-processed-event-ids}), longer than the topic's retention plus the longest
     * consumer outage planned for. A rebuild can reach back at most this long minus 2 days.
     */
    @WithDefault("30d")
    Duration keepCountedEventIds();

    /** The longest period one statistics request may cover. */
    Query query();

    interface Consumer {
        /** Whether this replica counts events (the figures are shared; any replica may count). */
        @WithDefault("true")
        boolean enabled();

        /** Consumer groups are named this plus {@code -g<generation>}: a rebuild reads with a new group. */
        @WithDefault("national-hub-statistics")
        String groupPrefix();

        @WithDefault("500")
        int maxPollRecords();

        /** Pause after a failed batch (the database or the broker away) before it is read again. */
        @WithDefault("2s")
        Duration retryBackoff();

        /**
         * More Kafka consumer properties ({@code chaekieum.statistics.consumer.kafka."security.protocol"=SSL}).
         * Bootstrap servers come from {@code kafka.bootstrap.servers}.
         */
        Map<String, String> kafka();

        /** How soon a region's new member-events topic is read (the consumer's metadata.max.age.ms). */
        @WithDefault("10s")
        Duration topicDiscovery();
    }

    interface Query {
        /** With {@code interval=day}: at most this many days from {@code from} to {@code to}. */
        @WithDefault("400")
        int maxDaysByDay();

        /** With {@code interval=month}. */
        @WithDefault("1096")
        int maxDaysByMonth();

        /** Rows one answer may hold; a larger answer is refused (narrow the period, a region or a library). */
        @WithDefault("100000")
        int maxRows();
    }
}
