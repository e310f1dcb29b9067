package org.chaekieum.region.client;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.chaekieum.contracts.api.IdentityLookupRequest;
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

    HubAnswer hubUnreachable(String identityHash, Throwable cause) {
        registry.counter("chaekieum.hub.unreachable", "call", "identity-lookup").increment();
        LOG.warnf("national hub unreachable for identity look-up (%s); the enrollment will be provisional", cause.toString());
        return HubAnswer.unreachable(cause.getClass().getSimpleName());
    }
}
