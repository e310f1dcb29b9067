package org.chaekieum.hub.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.core.Response;
import java.io.Closeable;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.chaekieum.contracts.api.Problem;
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

    /**
     * A region's answer other than 200: its own refusal (a problem with a code, on a status the caller passes through)
     * as {@link RegionAnswer.Refused}; a 5xx as {@link HomeRegionFailure} (worth a retry); anything else, such as a
     * proxy's or a wrong URL's bare status, as {@link RegionAnswer.Unreachable}.
     */
    static RegionAnswer notOk(Response response, Set<Integer> passedThrough, ObjectMapper mapper) {
        int status = response.getStatus();
        if (passedThrough.contains(status)) {
            Problem problem = federationProblem(response, mapper);
            return problem != null ? new RegionAnswer.Refused(status, problem)
                    : new RegionAnswer.Unreachable("answered " + status + " without a problem code");
        }
        if (status >= 500) {
            throw new HomeRegionFailure("region answered " + status);
        }
        return new RegionAnswer.Unreachable("unexpected answer " + status);
    }

    /** The federation API's own problem (with a code), or null for anything else. */
    static Problem federationProblem(Response response, ObjectMapper mapper) {
        try {
            String body = response.readEntity(String.class);
            Problem problem = body == null || body.isBlank() ? null : mapper.readValue(body, Problem.class);
            return problem != null && problem.code() != null && !problem.code().isBlank() ? problem : null;
        } catch (Exception e) {
            return null;
        }
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
