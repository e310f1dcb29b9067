package org.chaekieum.hub.client;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;
import java.io.Closeable;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.config.LogSafe;
import org.jboss.logging.Logger;

/**
 * REST clients and circuit breakers of one kind of call (profile transfers, circulation) to each regional center:
 * one breaker per region, so a dead region never blocks calls to the others.
 */
final class RegionChannels implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RegionChannels.class);

    private final String purpose;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final HubConfig.ProfileTransfer.CircuitBreaker breakerSettings;
    private final Map<String, RegionFederationClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Guard> breakers = new ConcurrentHashMap<>();

    RegionChannels(String purpose, Duration connectTimeout, Duration readTimeout,
                   HubConfig.ProfileTransfer.CircuitBreaker breakerSettings) {
        this.purpose = purpose;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.breakerSettings = breakerSettings;
    }

    RegionFederationClient client(String region, URI uri) {
        return clients.computeIfAbsent(region, r -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(uri)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .followRedirects(false)
                .build(RegionFederationClient.class));
    }

    Guard breaker(String region) {
        return breakers.computeIfAbsent(region, r -> Guard.create()
                .withDescription(purpose + " calls to region " + r)
                .withCircuitBreaker()
                .name(purpose + "-" + r)
                .requestVolumeThreshold(breakerSettings.requestVolumeThreshold())
                .failureRatio(breakerSettings.failureRatio())
                .delay(breakerSettings.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breakerSettings.successThreshold())
                .onStateChange(state -> LOG.warnf("circuit breaker of %s calls to region %s is now %s", purpose,
                        LogSafe.clip(r, 32), state))
                .done()
                .build());
    }

    @Override
    public void close() {
        clients.values().forEach(client -> {
            if (client instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debugf("closing a region client failed: %s", e.toString());
                }
            }
        });
        clients.clear();
    }
}
