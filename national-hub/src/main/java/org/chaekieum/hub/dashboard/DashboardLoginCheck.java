package org.chaekieum.hub.dashboard;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Says at start when the dashboard's client secret ({@code QUARKUS_OIDC_BROWSER_CREDENTIALS_SECRET}) is missing: the
 * hub runs (machines' bearer tokens need no such secret), but nobody can log in to the dashboard, and each replica
 * would encrypt its session cookies with a key of its own.
 */
@Dependent
public class DashboardLoginCheck {

    private static final Logger LOG = Logger.getLogger(DashboardLoginCheck.class);

    void onStart(@Observes StartupEvent event) {
        boolean missing = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.oidc." + DashboardTenantResolver.TENANT + ".credentials.secret", String.class)
                .map(String::isBlank).orElse(true);
        if (missing) {
            LOG.warnf("the national dashboard cannot log anyone in: no secret for its client %s (set "
                    + "QUARKUS_OIDC_BROWSER_CREDENTIALS_SECRET); bearer tokens work as ever", ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.oidc." + DashboardTenantResolver.TENANT + ".client-id", String.class)
                    .orElse("?"));
        }
    }
}
