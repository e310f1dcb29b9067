package org.chaekieum.runtime.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outbox: the backlog and whether Kafka takes the relay's events. Stays UP while the broker is down: the
 * services keep working and their events wait safely in the outbox; operators read the data here and alert on the
 * {@value OutboxRelay#BACKLOG_METRIC} metric. It does not call the broker itself, so it answers at once during an
 * outage: {@code kafka} is what the relay last saw ({@code reachable}, {@code unreachable}, or {@code unknown} before
 * its first send).
 */
@Readiness
@ApplicationScoped
public class OutboxReadinessCheck implements HealthCheck {

    /** The check's name in /q/health, the same in both services. */
    public static final String NAME = "outbox";

    @Inject
    OutboxRelay relay;

    @Override
    public HealthCheckResponse call() {
        Boolean reachable = relay.kafkaReachable();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME)
                .up()
                .withData("backlog", relay.backlog())
                .withData("relay", relay.enabled() ? "running" : "disabled")
                .withData("publishing", relay.enabled() && relay.lastFailure() == null)
                .withData("kafka", reachable == null ? "unknown" : reachable ? "reachable" : "unreachable");
        if (relay.lastSuccess() != null) {
            builder.withData("lastSuccess", relay.lastSuccess().toString());
        }
        String failure = relay.lastFailure();
        if (failure != null) {
            builder.withData("lastFailure", failure.length() > 200 ? failure.substring(0, 200) : failure);
            builder.withData("lastFailureAt", String.valueOf(relay.lastFailureAt()));
        }
        return builder.build();
    }
}
