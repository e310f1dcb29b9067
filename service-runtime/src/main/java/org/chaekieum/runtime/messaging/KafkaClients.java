package org.chaekieum.runtime.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection settings of the Kafka clients a service makes itself (the outbox relay, dead-letter producers,
 * statistics and dashboard consumers, admin clients): every {@code kafka.*} property of the configuration, as the
 * messaging channels get them, so that the bootstrap servers and the security settings (TLS trust store, SASL
 * mechanism and credentials, e.g. {@code KAFKA_SASL_JAAS_CONFIG} from the environment) are set once for all clients.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> defaults;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> defaults) {
        this.defaults = Map.copyOf(defaults);
    }

    /** The common settings, then the client's own on top. */
    public Map<String, Object> settings(Map<String, ?> own) {
        Map<String, Object> settings = new HashMap<>(defaults);
        settings.putAll(own);
        return settings;
    }

    /** The bootstrap servers, as configured. */
    public String bootstrapServers() {
        Object servers = defaults.get("bootstrap.servers");
        return servers == null ? "" : servers.toString();
    }
}
