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
import java.util.function.Function;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.FederatedTransit;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.hub.client.RegionAnswer.Returned;
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
 * Circulation calls from the hub to a region: a return routed to the region of the item's owning library, and the
 * question whether an unconfirmed loan exists. One REST client and one circuit breaker per region (separate from the
 * profile-transfer breaker); each call has a per-attempt timeout and one retry (MicroProfile Fault Tolerance, numbers
 * overridable as {@code org.chaekieum.hub.client.RegionLoansGateway/returnItem/Timeout/value} etc.). Never fails open:
 * a failure ends as {@link Unreachable} or {@link LoanCheck#UNKNOWN}. Logs no response body.
 */
@ApplicationScoped
public class RegionLoansGateway {

    private static final Logger LOG = Logger.getLogger(RegionLoansGateway.class);

    /** Statuses of the owning region whose problem the hub passes through (status and code). */
    static final Set<Integer> PASSED_THROUGH = Set.of(400, 404, 409, 422);

    @Inject
    HubConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    HomeRegionGateway endpoints;

    private RegionChannels channels;

    @PostConstruct
    void init() {
        channels = new RegionChannels("region-loans", config.circulation().connectTimeout(), config.circulation().readTimeout(),
                config.circulation().circuitBreaker());
    }

    /** The configured base URI of a region; empty when none (or no usable one) is configured. */
    public Optional<URI> endpoint(String region) {
        return endpoints.endpoint(region);
    }

    /** Forwards a return to the region of the item's owning library. */
    @Timeout(3000)
    @Retry(maxRetries = 1, delay = 100, jitter = 0, abortOn = CircuitBreakerOpenException.class)
    @Fallback(fallbackMethod = "returnUnreachable")
    public RegionAnswer returnItem(String region, FederatedReturn request) throws Exception {
        return loanCall(region, client -> client.returnItem(request));
    }

    RegionAnswer returnUnreachable(String region, FederatedReturn request, Throwable failure) {
        return new Unreachable(reason(failure));
    }

    /** Forwards a transit step to the region of the item's owning library. */
    @Timeout(3000)
    @Retry(maxRetries = 1, delay = 100, jitter = 0, abortOn = CircuitBreakerOpenException.class)
    @Fallback(fallbackMethod = "transitUnreachable")
    public RegionAnswer advanceTransit(String region, FederatedTransit request) throws Exception {
        return loanCall(region, client -> client.advanceTransit(request));
    }

    /** A call answered with a loan, through the region's client and circuit breaker. */
    private RegionAnswer loanCall(String region, Function<RegionFederationClient, Response> call)
            throws Exception {
        Optional<URI> uri = endpoint(region);
        if (uri.isEmpty()) {
            return new Unreachable("no URL configured");
        }
        RegionFederationClient client = channels.client(region, uri.get());
        return channels.breaker(region).call(() -> loanAnswer(call.apply(client)), RegionAnswer.class);
    }

    RegionAnswer transitUnreachable(String region, FederatedTransit request, Throwable failure) {
        return new Unreachable(reason(failure));
    }

    /** Asks the region whether a loan exists (200) or not (404); anything else is {@link LoanCheck#UNKNOWN}. */
    @Timeout(3000)
    @Retry(maxRetries = 1, delay = 100, jitter = 0, abortOn = CircuitBreakerOpenException.class)
    @Fallback(fallbackMethod = "checkUnknown")
    public LoanCheck loanExists(String region, String loanId) throws Exception {
        Optional<URI> uri = endpoint(region);
        if (uri.isEmpty()) {
            return LoanCheck.UNKNOWN;
        }
        RegionFederationClient client = channels.client(region, uri.get());
        return channels.breaker(region).call(() -> callLoan(client, loanId), LoanCheck.class);
    }

    LoanCheck checkUnknown(String region, String loanId, Throwable failure) {
        LOG.debugf("loan %s at region %s could not be checked: %s", LogSafe.clip(loanId, 36), LogSafe.clip(region, 32),
                reason(failure));
        return LoanCheck.UNKNOWN;
    }

    /** A region's answer carrying a loan: 200 LoanView (returned as its JSON and read), or its refusal. */
    private RegionAnswer loanAnswer(Response answer) {
        try (Response response = answer) {
            int status = response.getStatus();
            if (status == 200) {
                String json = response.readEntity(String.class);
                return new Returned(json, readLoan(json));
            }
            return RegionChannels.notOk(response, PASSED_THROUGH, mapper);
        }
    }

    private LoanCheck callLoan(RegionFederationClient client, String loanId) {
        try (Response response = client.loan(loanId)) {
            int status = response.getStatus();
            if (status == 200) {
                LoanView loan = readLoan(response.readEntity(String.class));
                if (!loanId.equals(loan.loanId())) {
                    throw new HomeRegionFailure("region answered another loan");
                }
                return LoanCheck.EXISTS;
            }
            if (status == 404) {
                // Only the federation API's own "no such loan" settles a reservation; a bare 404 (wrong URL, a
                // proxy) must not release a place that may be in use.
                return RegionChannels.federationProblem(response, mapper) != null ? LoanCheck.NOT_FOUND
                        : LoanCheck.UNKNOWN;
            }
            if (status >= 500) {
                throw new HomeRegionFailure("region answered " + status);
            }
            return LoanCheck.UNKNOWN;
        }
    }

    /**
     * A 200 body must be a LoanView with a loan id; anything else is never acted on. The owning region leaves the
     * borrower's number out of a return at another library (it is none of that library's business): the ledger ends
     * the loan by its id.
     */
    private LoanView readLoan(String json) {
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || !node.isObject()) {
                throw new HomeRegionFailure("region answered 200 without a loan");
            }
            LoanView loan = mapper.treeToValue(node, LoanView.class);
            if (loan.loanId() == null || loan.loanId().isBlank()) {
                throw new HomeRegionFailure("region answered 200 with a loan without id");
            }
            return loan;
        } catch (IOException | IllegalArgumentException e) {
            throw new HomeRegionFailure("region answered 200 with an unreadable loan");
        }
    }

    private static String reason(Throwable failure) {
        return failure instanceof CircuitBreakerOpenException ? "circuit open"
                : failure instanceof TimeoutException ? "timeout"
                : failure.getClass().getSimpleName() + ": " + LogSafe.clip(failure.getMessage(), 160);
    }

    @PreDestroy
    void close() {
        channels.close();
    }
}
