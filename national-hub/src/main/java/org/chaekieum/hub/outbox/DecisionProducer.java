package org.chaekieum.hub.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chaekieum.hub.config.HubConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The plain Kafka producer the outbox relay publishes with (acks=all, idempotent, short timeouts). */
@ApplicationScoped
public class DecisionProducer {

    private final String bootstrapServers;
    private final HubConfig config;
    private Producer<String, String> producer;

    DecisionProducer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, HubConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    /** The producer, created on first use. */
    public synchronized Producer<String, String> get() {
        if (producer == null) {
            producer = new KafkaProducer<>(properties());
        }
        return producer;
    }

    /** Drops a producer that failed in a way a retry cannot fix; the next {@link #get()} creates a fresh one. */
    public synchronized void reset() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    Properties properties() {
        HubConfig.Relay relay = config.relay();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "national-hub-outbox-relay");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(relay.maxBlock().toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(relay.requestTimeout().toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Long.toString(Math.max(relay.deliveryTimeout().toMillis(), relay.requestTimeout().toMillis())));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    /** Closes the producer at shutdown, after the relay has stopped. */
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
    }
}
