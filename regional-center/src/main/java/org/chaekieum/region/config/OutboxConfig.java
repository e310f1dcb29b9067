package org.chaekieum.region.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Map;

/** Outbox relay settings. */
@ConfigMapping(prefix = "chaekieum.outbox")
public interface OutboxConfig {
    /** How often the relay looks for unpublished events when nothing woke it. */
    Duration pollInterval();

    /** Events published per relay transaction. */
    int batchSize();

    /** How long the relay waits for the broker's acknowledgements of a batch. */
    Duration sendTimeout();

    /** Kafka producer properties (bootstrap servers come from kafka.bootstrap.servers). */
    Map<String, String> producer();
}
