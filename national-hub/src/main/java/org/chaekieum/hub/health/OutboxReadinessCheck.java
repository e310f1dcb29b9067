package org.chaekieum.hub.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.chaekieum.hub.outbox.OutboxRelay;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outbox backlog and whether Kafka answers. Stays UP while the broker is down: the hub keeps accepting
 * look-ups and its decisions wait safely in the outbox. (The database has its own readiness check.)
 */
@Readiness
@ApplicationScoped
public class OutboxReadinessCheck implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Inject
    KafkaProbe kafka;

    @Override
    public HealthCheckResponse call() {
        int brokers = kafka.brokers();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("national-hub outbox")
                .up()
                .withData("unpublishedEvents", relay.backlog())
                .withData("kafka", brokers >= 0 ? "reachable" : "unreachable")
                .withData("relayOutage", relay.inOutage());
        Instant last = relay.lastPublished();
        if (last != null) {
            builder.withData("lastPublishedAt", last.toString());
        }
        String failure = relay.lastFailure();
        if (failure != null) {
            builder.withData("lastFailure", failure.length() > 200 ? failure.substring(0, 200) : failure);
        }
        return builder.build();
    }
}
