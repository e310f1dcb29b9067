package org.chaekieum.adapter.health;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.chaekieum.adapter.kiosk.KioskAccounts;
import org.chaekieum.adapter.region.RegionClients;
import org.chaekieum.adapter.sip2.KioskConnections;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether each regional center answers, with the kiosks known and the connections open: {@code /q/health/well}.
 * A wellness check, not readiness: a gateway whose region is down must keep answering its kiosks (98 off-line, screen
 * messages), not be taken out of service.
 */
@Wellness
@ApplicationScoped
public class RegionalCentersCheck implements HealthCheck {

    @Inject
    RegionClients regions;

    @Inject
    KioskAccounts accounts;

    @Inject
    KioskConnections connections;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("regional centers").up();
        regions.regions().forEach((id, region) -> {
            boolean answers = region.answers();
            response.withData(id, answers ? "answers" : "unreachable");
            if (!answers) {
                response.down();
            }
        });
        return response.withData("kiosks", accounts.size()).withData("connections", connections.open()).build();
    }
}
