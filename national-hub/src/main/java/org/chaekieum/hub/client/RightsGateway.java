package org.chaekieum.hub.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import org.chaekieum.contracts.api.RightsGiveRequest;
import org.chaekieum.contracts.api.RightsGiven;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.config.LogSafe;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Asks a region to give back a member's unused rights (issue 17). One REST client and one circuit breaker per region
 * (the circulation settings); a per-attempt timeout and one retry with the same move id, which the region answers
 * the same. Whatever goes wrong ends as "no answer" ({@link OptionalInt#empty()}): the hub then credits no one with
 * what that region may have given, and asks the next holder.
 */
@ApplicationScoped
public class RightsGateway {

    private static final Logger LOG = Logger.getLogger(RightsGateway.class);

    @Inject
    HubConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    HomeRegionGateway endpoints;

    private RegionChannels channels;

    @PostConstruct
    void init() {
        channels = new RegionChannels("rights", config.circulation().connectTimeout(),
                config.circulation().readTimeout(), config.circulation().circuitBreaker());
    }

    /** How many rights the region gave for this move; empty when it did not answer usefully. */
    @Timeout(3000)
    @Retry(maxRetries = 1, delay = 100, jitter = 0, abortOn = CircuitBreakerOpenException.class)
    @Fallback(fallbackMethod = "noAnswer")
    public OptionalInt give(String region, String memberNumber, String moveId, int count) throws Exception {
        Optional<URI> uri = endpoints.endpoint(region);
        if (uri.isEmpty()) {
            LOG.warnf("configuration error: no usable URL for region %s; its unused rights cannot be asked back",
                    LogSafe.clip(region, 32));
            return OptionalInt.empty();
        }
        RegionFederationClient client = channels.client(region, uri.get());
        return channels.breaker(region).call(() -> call(client, memberNumber, moveId, count), OptionalInt.class);
    }

    OptionalInt noAnswer(String region, String memberNumber, String moveId, int count, Throwable failure) {
        LOG.warnf("region %s did not answer the give of rights of %s (move %s): %s", LogSafe.clip(region, 32),
                memberNumber, LogSafe.clip(moveId, 64), LogSafe.clip(String.valueOf(failure), 160));
        return OptionalInt.empty();
    }

    private OptionalInt call(RegionFederationClient client, String memberNumber, String moveId, int count) {
        try (Response response = client.giveRights(memberNumber, new RightsGiveRequest(moveId, count))) {
            int status = response.getStatus();
            if (status >= 500) {
                throw new HomeRegionFailure("region answered " + status);
            }
            if (status != 200) {
                LOG.warnf("region refused the give of rights of %s (move %s): %d", memberNumber,
                        LogSafe.clip(moveId, 64), status);
                return OptionalInt.empty();
            }
            RightsGiven given = mapper.readValue(response.readEntity(String.class), RightsGiven.class);
            // More than asked is the region's recorded answer to this move asked before with a larger count (the same
            // ask repeated after a lost answer): it debited that many, so they are recorded as given.
            if (given.given() < 0 || !moveId.equals(given.moveId())) {
                LOG.warnf("region answered an impossible give of rights of %s (move %s): %d of %d", memberNumber,
                        LogSafe.clip(moveId, 64), given.given(), count);
                return OptionalInt.empty();
            }
            return OptionalInt.of(given.given());
        } catch (IOException | IllegalArgumentException e) {
            throw new HomeRegionFailure("region answered 200 with an unreadable give");
        }
    }

    @PreDestroy
    void close() {
        channels.close();
    }
}
