package org.chaekieum.runtime.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start without this service's own client secret (quarkus.oidc-client.credentials.secret, usually from
 * the environment variable QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET): a service that cannot obtain its token would
 * otherwise run and fail every call to the other side. The secret is never part of the code or the packaged
 * configuration (the test profile uses the test OIDC server's fixed one).
 */
@Dependent
public class ServiceAccountCheck {

    void onStart(@Observes StartupEvent event) {
        boolean missing = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.oidc-client.credentials.secret", String.class)
                .map(String::isBlank).orElse(true);
        if (missing) {
            throw new IllegalStateException("No client secret for this service's own account: set the environment "
                    + "variable QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET (client "
                    + ConfigProvider.getConfig().getOptionalValue("quarkus.oidc-client.client-id", String.class)
                            .orElse("?") + " of the identity provider)");
        }
    }
}
