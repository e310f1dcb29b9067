package org.chaekieum.region.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.chaekieum.region.outbox.OutboxRelay;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outbox: backlog and whether Kafka is taking events. Stays UP while the broker is down, because the
 * regional center keeps serving libraries then; operators read the details (and the chaekieum.outbox.backlog metric).
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("outbox")
                .up()
                .withData("backlog", relay.backlog())
                .withData("publishing", relay.lastFailure() == null);
        if (relay.lastSuccess() != null) {
            builder.withData("lastSuccess", relay.lastSuccess().toString());
        }
        if (relay.lastFailure() != null) {
            builder.withData("lastFailure", relay.lastFailure());
        }
        return builder.build();
    }
}
