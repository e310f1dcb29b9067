package org.chaekieum.runtime.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** The transactional outbox and its relay ({@code chaekieum.outbox.*}), the same keys in both services. */
@ConfigMapping(prefix = "chaekieum.outbox")
public interface OutboxConfig {

    /** Whether this replica runs a relay. Rows are written either way; another replica (or a restart) publishes them. */
    @WithDefault("true")
    boolean enabled();

    /** How often the relay looks for unpublished events when no commit woke it (the crash-recovery path). */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Events published per relay transaction. */
    @WithDefault("200")
    int batchSize();

    /** How long the relay waits for the broker's acknowledgements of a batch. */
    @WithDefault("5s")
    Duration sendTimeout();

    /** First wait after a failed batch; doubles up to {@link #backoffMax()}. */
    @WithDefault("200ms")
    Duration backoffInitial();

    @WithDefault("5s")
    Duration backoffMax();

    /**
     * Kafka producer properties ({@code chaekieum.outbox.producer."acks"=all}). Bootstrap servers come from
     * {@code kafka.bootstrap.servers}; without a setting here the relay uses acks=all, idempotence, at most 5 requests
     * in flight (order kept per partition), max.block.ms 3000, request.timeout.ms 2000, delivery.timeout.ms 5000.
     */
    Map<String, String> producer();

    /**
     * Where rows of a topic are published, when not to the topic itself: a regional center publishes its member events
     * to a topic of its own, {@code chaekieum.outbox.topics."chaekieum.member-events.v1"=chaekieum.member-events.v1.seoul}
     * (Topics.memberEventsOf), which the broker lets only that region write. Read when a row is published, so rows
     * written before a change go where the setting now says.
     */
    Map<String, String> topics();
}
