package org.chaekieum.region.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.FederatedTransit;
import org.chaekieum.contracts.api.IdentityLookupRequest;
import org.chaekieum.contracts.api.LoanReservation;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.MemberLoans;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.contracts.api.RightsGrant;
import org.chaekieum.contracts.api.RightsRequest;
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

    /** Counter, tag {@code call}: calls to the hub that fell back because the hub could not be reached. */
    public static final String UNREACHABLE_METRIC = "chaekieum.hub.unreachable";

    /** The calls with a fallback, the values of the {@code call} tag. */
    static final List<String> CALLS = List.of("loan-reservation", "rights", "return", "transit", "transits",
            "profile-transfer", "identity-lookup");

    @Inject
    @RestClient
    HubApi hub;

    @Inject
    @RestClient
    HubRightsApi rights;

    @Inject
    MeterRegistry registry;

    /** Every call's counter exists from the start, at 0: an alert on its increase sees the first failure too. */
    void registerMetrics(@Observes StartupEvent event) {
        CALLS.forEach(call -> registry.counter(UNREACHABLE_METRIC, "call", call));
    }

    private void countUnreachable(String call) {
        registry.counter(UNREACHABLE_METRIC, "call", call).increment();
    }

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
        return TransferAnswer.of(refusalsOf(() -> hub.transferProfile(memberNumber, request), ErrorCode.MEMBER_NOT_FOUND));
    }

    /** A place under the national cap, or {@code null} when the hub cannot be asked. Refusals are {@link HubRefusal}. */
    @Timeout(value = 1000, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 50, jitter = 25, abortOn = HubRefusal.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = HubRefusal.class)
    @Fallback(fallbackMethod = "reserveUnreachable", skipOn = HubRefusal.class)
    public LoanReservation reserveLoan(LoanReservationRequest request) {
        return refusalsOf(() -> hub.reserveLoan(request), ErrorCode.INTERNAL_ERROR);
    }

    LoanReservation reserveUnreachable(LoanReservationRequest request, Throwable cause) {
        countUnreachable("loan-reservation");
        LOG.warnf("national hub unreachable for the cap check of a loan at %s (%s): degraded rule applies",
                request.libraryCode(), cause.toString());
        return null;
    }

    /**
     * Rights of the member's national cap for this region, or {@code null} when the hub cannot be asked. The hub may
     * have to ask other regions to give some back (one call each), so the wait is longer than a reservation's; the
     * retry asks under the same move id and is answered the same.
     */
    @Timeout(value = 8000, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 50, jitter = 25, abortOn = HubRefusal.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = HubRefusal.class)
    @Fallback(fallbackMethod = "rightsUnreachable", skipOn = HubRefusal.class)
    public RightsGrant askRights(String memberNumber, String region, String moveId) {
        return refusalsOf(() -> rights.askRights(memberNumber, new RightsRequest(region, moveId)),
                ErrorCode.INTERNAL_ERROR);
    }

    RightsGrant rightsUnreachable(String memberNumber, String region, String moveId, Throwable cause) {
        countUnreachable("rights");
        LOG.warnf("national hub unreachable for rights of %s (%s): only rights held here can be lent on", memberNumber,
                cause.toString());
        return null;
    }

    /** Best effort: a reservation not released is settled later by the hub asking this region. */
    @Timeout(value = 1000, unit = ChronoUnit.MILLIS)
    @Fallback(fallbackMethod = "releaseFailed")
    public void releaseLoan(String loanId) {
        hub.releaseLoan(loanId);
    }

    void releaseFailed(String loanId, Throwable cause) {
        LOG.warnf("reservation %s not released (%s); the hub settles it by asking this region", loanId, cause.toString());
    }

    /** The owning region's answer to a return here, or {@code null} when it cannot be reached now. */
    @Timeout(value = 3000, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 100, abortOn = HubRefusal.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = HubRefusal.class)
    @Fallback(fallbackMethod = "returnUnreachable", skipOn = HubRefusal.class)
    public LoanView routeReturn(FederatedReturn request) {
        return refusalsOf(() -> hub.routeReturn(request), ErrorCode.INTERNAL_ERROR);
    }

    LoanView returnUnreachable(FederatedReturn request, Throwable cause) {
        countUnreachable("return");
        LOG.warnf("return of an item of %s could not be routed now (%s); kept and retried",
                request.itemBarcode().substring(1, 7), cause.toString());
        return null;
    }

    /** The owning region's answer to a transit step here, or {@code null} when it cannot be reached now. */
    @Timeout(value = 3000, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 100, abortOn = HubRefusal.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = HubRefusal.class)
    @Fallback(fallbackMethod = "transitUnreachable", skipOn = HubRefusal.class)
    public LoanView routeTransit(FederatedTransit request) {
        return refusalsOf(() -> hub.routeTransit(request), ErrorCode.INTERNAL_ERROR);
    }

    LoanView transitUnreachable(FederatedTransit request, Throwable cause) {
        countUnreachable("transit");
        LOG.warnf("transit step of an item of another region could not be routed (%s)", cause.toString());
        return null;
    }

    /** Other regions' items in transit to or from the library, or {@code null} when the hub cannot be asked. */
    @Timeout(value = 1500, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 50, abortOn = HubRefusal.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = HubRefusal.class)
    @Fallback(fallbackMethod = "transitsUnreachable", skipOn = HubRefusal.class)
    public List<LoanView> transitsAt(String libraryCode) {
        return refusalsOf(() -> hub.transitsAt(libraryCode), ErrorCode.INTERNAL_ERROR);
    }

    List<LoanView> transitsUnreachable(String libraryCode, Throwable cause) {
        countUnreachable("transits");
        LOG.warnf("national hub unreachable for the transits of %s (%s); only this region's are listed", libraryCode,
                cause.toString());
        return null;
    }

    /** The member's loans across the federation, or {@code null} when the hub cannot be asked. */
    @Timeout(value = 1500, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 50, abortOn = HubRefusal.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = HubRefusal.class)
    @Fallback(fallbackMethod = "loansUnreachable", skipOn = HubRefusal.class)
    public MemberLoans memberLoans(String memberNumber) {
        return refusalsOf(() -> hub.memberLoans(memberNumber), ErrorCode.INTERNAL_ERROR);
    }

    MemberLoans loansUnreachable(String memberNumber, Throwable cause) {
        LOG.warnf("national hub unreachable for the loans of %s (%s)", memberNumber, cause.toString());
        return null;
    }

    /** Turns the hub's 4xx answers into {@link HubRefusal} (code from its problem, else {@code unknownCode}). */
    private static <T> T refusalsOf(Supplier<T> call, ErrorCode unknownCode) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 400 && status < 500) {
                Problem problem = readProblem(e);
                ErrorCode code = problem == null ? null : codeOf(problem.code());
                throw new HubRefusal(code == null ? unknownCode : code, problem);
            }
            throw e;
        }
    }

    TransferAnswer transferUnreachable(String memberNumber, ProfileTransferRequest request, Throwable cause) {
        countUnreachable("profile-transfer");
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
        countUnreachable("identity-lookup");
        LOG.warnf("national hub unreachable for identity look-up (%s); the enrollment will be provisional", cause.toString());
        return HubAnswer.unreachable(cause.getClass().getSimpleName());
    }
}
