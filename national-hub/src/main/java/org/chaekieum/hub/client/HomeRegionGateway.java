package org.chaekieum.hub.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.hub.client.RegionAnswer.Profile;
import org.chaekieum.hub.client.RegionAnswer.Unreachable;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.config.LogSafe;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Calls a member's home region for a profile transfer. One REST client and one circuit breaker per region; the call
 * has a per-attempt timeout and one retry (MicroProfile Fault Tolerance on {@link #transfer}, numbers overridable as
 * {@code org.chaekieum.hub.client.HomeRegionGateway/transfer/Timeout/value} etc.). Never fails open: whatever goes
 * wrong ends as an explicit {@link Unreachable}, which the hub answers with 503 HOME_REGION_UNREACHABLE.
 *
 * <p>Nothing here logs a response body or the request's identity hash.
 */
@ApplicationScoped
public class HomeRegionGateway {

    private static final Logger LOG = Logger.getLogger(HomeRegionGateway.class);

    /** Statuses of the home region whose problem the hub passes through unchanged (status and code). */
    static final Set<Integer> PASSED_THROUGH = Set.of(404, 409, 422);

    @Inject
    HubConfig config;

    @Inject
    ObjectMapper mapper;

    private RegionChannels channels;

    @PostConstruct
    void init() {
        channels = new RegionChannels("home-region", config.profileTransfer().connectTimeout(), config.profileTransfer().readTimeout(),
                config.profileTransfer().circuitBreaker());
    }

    /** The configured base URI of a region; empty when none is configured or it is not an http(s) URL. */
    public Optional<URI> endpoint(String region) {
        HubConfig.RegionEndpoint endpoint = region == null ? null : config.regions().get(region);
        if (endpoint == null || endpoint.url().isEmpty() || endpoint.url().get().isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(endpoint.url().get().trim());
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Forwards a transfer request to the member's home region.
     *
     * @return the profile, a refusal to pass through, or {@link Unreachable} (also the fallback after the retry)
     */
    @Timeout(3000)
    @Retry(maxRetries = 1, delay = 100, jitter = 0, abortOn = CircuitBreakerOpenException.class)
    @Fallback(fallbackMethod = "unreachable")
    public RegionAnswer transfer(String region, String memberNumber, ProfileTransferRequest request) throws Exception {
        Optional<URI> uri = endpoint(region);
        if (uri.isEmpty()) {
            return new Unreachable("no URL configured");
        }
        RegionFederationClient client = channels.client(region, uri.get());
        return channels.breaker(region).call(() -> call(client, memberNumber, request), RegionAnswer.class);
    }

    /** Fallback of {@link #transfer}: the home region did not answer usefully, after the retry. */
    RegionAnswer unreachable(String region, String memberNumber, ProfileTransferRequest request, Throwable failure) {
        String reason = failure instanceof CircuitBreakerOpenException ? "circuit open"
                : failure instanceof TimeoutException ? "timeout"
                : failure.getClass().getSimpleName() + ": " + LogSafe.clip(failure.getMessage(), 160);
        return new Unreachable(reason);
    }

    private RegionAnswer call(RegionFederationClient client, String memberNumber, ProfileTransferRequest request) {
        try (Response response = client.transfer(memberNumber, request)) {
            int status = response.getStatus();
            if (status == 200) {
                String json = response.readEntity(String.class);
                requireProfileOf(memberNumber, json);
                return new Profile(json);
            }
            return RegionChannels.notOk(response, PASSED_THROUGH, mapper);
        }
    }

    /** A 200 body must be a MemberProfile of the number asked for; anything else is never passed on. */
    private void requireProfileOf(String memberNumber, String json) {
        MemberProfile profile;
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || !node.isObject()) {
                throw new HomeRegionFailure("home region answered 200 without a profile");
            }
            profile = mapper.treeToValue(node, MemberProfile.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new HomeRegionFailure("home region answered 200 with an unreadable profile");
        }
        if (!memberNumber.equals(profile.memberNumber())) {
            throw new HomeRegionFailure("home region answered a profile of another number");
        }
    }

    @PreDestroy
    void close() {
        channels.close();
    }
}
