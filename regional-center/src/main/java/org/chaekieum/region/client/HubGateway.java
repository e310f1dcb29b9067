package org.chaekieum.region.client;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import jakarta.ws.rs.WebApplicationException;
import org.chaekieum.contracts.api.IdentityLookupRequest;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.contracts.error.ErrorCode;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Calls to the national hub, each bounded: a timeout, one retry, and a circuit breaker so that a hub outage costs the
 * desk milliseconds, not seconds. When the hub cannot answer, the answer says so ({@link HubAnswer.Outcome#UNREACHABLE})
 * and the caller decides explicitly; it is never turned into "not enrolled". The numbers can be overridden with
 * MicroProfile Fault Tolerance keys, e.g. {@code org.chaekieum.region.client.HubGateway/lookupIdentity/Timeout/value}.
 */
@ApplicationScoped
public class HubGateway {

    private static final Logger LOG = Logger.getLogger(HubGateway.class);

    @Inject
    @RestClient
    HubApi hub;

    @Inject
    MeterRegistry registry;

    @Timeout(value = 1500, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "hubUnreachable")
    public HubAnswer lookupIdentity(String identityHash) {
        return HubAnswer.of(hub.lookupIdentity(new IdentityLookupRequest(identityHash)));
    }

    /**
     * Fetches a member's profile from the home region through the hub. A refusal (unknown number, identity mismatch,
     * member not active) is thrown as {@link HubRefusal}; a hub or home region that does not answer gives
     * {@link TransferAnswer#unreachable}.
     */
    @Timeout(value = 3000, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 100, jitter = 50, abortOn = HubRefusal.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = HubRefusal.class)
    @Fallback(fallbackMethod = "transferUnreachable", skipOn = HubRefusal.class)
    public TransferAnswer transferProfile(String memberNumber, ProfileTransferRequest request) {
        try {
            return TransferAnswer.of(hub.transferProfile(memberNumber, request));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 400 && status < 500) {
                Problem problem = readProblem(e);
                ErrorCode code = problem == null ? null : codeOf(problem.code());
                throw new HubRefusal(code == null ? ErrorCode.MEMBER_NOT_FOUND : code, problem);
            }
            throw e;
        }
    }

    TransferAnswer transferUnreachable(String memberNumber, ProfileTransferRequest request, Throwable cause) {
        registry.counter("chaekieum.hub.unreachable", "call", "profile-transfer").increment();
        LOG.warnf("profile of %s could not be fetched through the hub (%s)", memberNumber, cause.toString());
        return TransferAnswer.unreachable(cause.getClass().getSimpleName());
    }

    private static Problem readProblem(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(Problem.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static ErrorCode codeOf(String code) {
        try {
            return code == null ? null : ErrorCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    HubAnswer hubUnreachable(String identityHash, Throwable cause) {
        registry.counter("chaekieum.hub.unreachable", "call", "identity-lookup").increment();
        LOG.warnf("national hub unreachable for identity look-up (%s); the enrollment will be provisional", cause.toString());
        return HubAnswer.unreachable(cause.getClass().getSimpleName());
    }
}
