package org.chaekieum.hub.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.chaekieum.hub.config.HubConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Asks the Kafka cluster, with a short timeout, whether it answers. */
@ApplicationScoped
public class KafkaProbe {

    private final String bootstrapServers;
    private final HubConfig config;
    private Admin admin;

    KafkaProbe(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, HubConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    /** The number of brokers that answered, or -1 when the cluster did not answer in time. */
    public int brokers() {
        long timeoutMs = config.health().kafkaTimeout().toMillis();
        try {
            return admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
                    .nodes().get(timeoutMs + 500, TimeUnit.MILLISECONDS).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            int timeoutMs = (int) config.health().kafkaTimeout().toMillis();
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "national-hub-health");
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "500");
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000");
            admin = Admin.create(p);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
