package org.chaekieum.hub.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed settings of the national hub ({@code chaekieum.hub.*}). */
@ConfigMapping(prefix = "chaekieum.hub")
public interface HubConfig {

    /** CloudEvents source of every envelope the hub publishes. */
    @WithDefault("/chaekieum/hub")
    String source();

    Relay relay();

    Consumer consumer();

    Health health();

    /** The outbox relay that publishes national decisions. */
    interface Relay {
        @WithDefault("true")
        boolean enabled();

        /** Crash-recovery poll: how often the relay looks for unpublished rows without being woken. */
        @WithDefault("500ms")
        Duration pollInterval();

        @WithDefault("200")
        int batchSize();

        /** First wait after a failed publication; doubles up to {@link #backoffMax()}. */
        @WithDefault("500ms")
        Duration backoffInitial();

        @WithDefault("15s")
        Duration backoffMax();

        /** Producer {@code max.block.ms}. */
        @WithDefault("3s")
        Duration maxBlock();

        /** Producer {@code request.timeout.ms}. */
        @WithDefault("2s")
        Duration requestTimeout();

        /** Producer {@code delivery.timeout.ms} (at least request timeout + linger). */
        @WithDefault("5s")
        Duration deliveryTimeout();
    }

    /** The member-event consumer. */
    interface Consumer {
        /** Attempts of one record on a database failure before it goes to the dead-letter topic. */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("200ms")
        Duration retryBackoff();
    }

    interface Health {
        /** How long the readiness check waits for the Kafka cluster to answer. */
        @WithDefault("1500ms")
        Duration kafkaTimeout();
    }
}
