package org.chaekieum.adapter.region;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.chaekieum.adapter.config.GatewayConfig;
import org.chaekieum.contracts.api.Problem;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * One REST client per regional center, each call bounded: a timeout per attempt, a retry when the region was not
 * reached (safe: every write carries an Idempotency-Key), and a circuit breaker per region, so that a region that is
 * down answers a kiosk at once instead of hanging it. A library is routed to the region that serves it.
 */
@ApplicationScoped
public class RegionClients {

    private static final Logger LOG = Logger.getLogger(RegionClients.class);

    /** A regional center: its client, its guards and its last reachability probe. */
    public final class Region {
        private final String id;
        private final URI url;
        private final RegionApi api;
        private final Guard retried;
        private final Guard once;
        private volatile long probedAtNanos;
        private volatile boolean answered;

        Region(String id, URI url, RegionApi api, Guard retried, Guard once) {
            this.id = id;
            this.url = url;
            this.api = api;
            this.retried = retried;
            this.once = once;
        }

        public String id() {
            return id;
        }

        /**
         * A call that may be repeated safely (reads, and writes with an Idempotency-Key). Throws
         * {@link RegionUnreachable} when the region could not be reached within the bounds.
         */
        public <T> Reply<T> call(String operation, Function<RegionApi, Response> call, Class<T> type) {
            return guarded(retried, operation, call, type);
        }

        /** A call made at most once (a card-password check counts every attempt at the region). */
        public <T> Reply<T> callOnce(String operation, Function<RegionApi, Response> call, Class<T> type) {
            return guarded(once, operation, call, type);
        }

        private <T> Reply<T> guarded(Guard guard, String operation, Function<RegionApi, Response> call,
                                     Class<T> type) {
            long t0 = System.nanoTime();
            String outcome = "answered";
            try {
                @SuppressWarnings("unchecked")
                Reply<T> reply = guard.call(() -> {
                    Response response;
                    try {
                        response = call.apply(api);
                    } catch (WebApplicationException e) {
                        // An answer with an error status, should a mapper turn one into an exception: still an answer.
                        response = e.getResponse();
                    } catch (ProcessingException e) {
                        throw new RegionUnreachable(e.getCause() == null ? e.getMessage() : e.getCause().toString(), e);
                    }
                    return read(response, type);
                }, Reply.class);
                answered = true;
                probedAtNanos = System.nanoTime();
                return reply;
            } catch (RegionUnreachable e) {
                outcome = "unreachable";
                throw unreachable(e);
            } catch (TimeoutException | FaultToleranceException e) {
                outcome = e instanceof TimeoutException
                        || e instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                        ? "timeout" : "circuit-open";
                if ("timeout".equals(outcome)) {
                    metrics.counter("chaekieum.sip2.region.timeouts", "region", id).increment();
                }
                throw unreachable(new RegionUnreachable(outcome, e));
            } catch (Exception e) {
                outcome = "unreachable";
                throw unreachable(new RegionUnreachable(e.getClass().getSimpleName(), e));
            } finally {
                metrics.timer("chaekieum.sip2.region.calls", "region", id, "operation", operation, "outcome", outcome)
                        .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
        }

        private RegionUnreachable unreachable(RegionUnreachable e) {
            answered = false;
            probedAtNanos = System.nanoTime();
            LOG.warnf("Regional center %s (%s) unreachable: %s", id, url, e.getMessage());
            return e;
        }

        /**
         * Whether the region answers (its readiness), probed at most every {@code calls.probe-cache}; a call's
         * outcome counts as a probe too.
         */
        public boolean answers() {
            if (System.nanoTime() - probedAtNanos < config.calls().probeCache().toNanos()) {
                return answered;
            }
            boolean now;
            try {
                HttpResponse<Void> response = probe.send(HttpRequest.newBuilder(url.resolve("/q/health/ready"))
                        .timeout(config.calls().timeout()).GET().build(), HttpResponse.BodyHandlers.discarding());
                now = response.statusCode() == 200;
            } catch (IOException e) {
                now = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                now = false;
            }
            answered = now;
            probedAtNanos = System.nanoTime();
            return now;
        }
    }

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry metrics;

    private final Map<String, Region> byLibrary = new LinkedHashMap<>();
    private final Map<String, Region> byId = new LinkedHashMap<>();
    private HttpClient probe;

    @PostConstruct
    void build() {
        probe = HttpClient.newBuilder().connectTimeout(config.calls().connectTimeout()).build();
        config.regions().forEach((id, settings) -> {
            RegionApi api = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(settings.url())
                    .connectTimeout(config.calls().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(config.calls().timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .disableDefaultMapper(true)
                    .build(RegionApi.class);
            Region region = new Region(id, settings.url(), api, guard(id, config.calls().retries()), guard(id, 0));
            byId.put(id, region);
            for (String library : settings.libraries()) {
                Region previous = byLibrary.putIfAbsent(library, region);
                if (previous != null) {
                    throw new IllegalStateException("library " + library + " is configured for two regions: "
                            + previous.id() + " and " + id);
                }
            }
            LOG.infof("Regional center %s at %s for libraries %s", id, settings.url(), settings.libraries());
        });
    }

    /** Each region's timeout counter exists from the start, at 0. */
    void registerMetrics(@Observes StartupEvent event) {
        byId.keySet().forEach(id -> metrics.counter("chaekieum.sip2.region.timeouts", "region", id));
    }

    private Guard guard(String id, int retries) {
        Duration timeout = config.calls().timeout();
        Guard.Builder builder = Guard.create()
                .withDescription("regional center " + id + (retries > 0 ? "" : " (once)"))
                .withTimeout().duration(timeout.toMillis() + 200, ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                .requestVolumeThreshold(8).failureRatio(0.75)
                .delay(config.calls().circuitBreakerDelay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .failOn(List.of(RegionUnreachable.class, TimeoutException.class,
                        org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class))
                .done();
        if (retries > 0) {
            builder = builder.withRetry().maxRetries(retries).delay(100, ChronoUnit.MILLIS).jitter(50, ChronoUnit.MILLIS)
                    .retryOn(List.of(RegionUnreachable.class, TimeoutException.class,
                            org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class))
                    .done();
        }
        return builder.build();
    }

    /** The region that serves a library, if any is configured for it. */
    public Optional<Region> forLibrary(String libraryCode) {
        return Optional.ofNullable(byLibrary.get(libraryCode));
    }

    public Map<String, Region> regions() {
        return Map.copyOf(byId);
    }

    /**
     * Reads an answer: 2xx as {@code T}; a problem+json refusal as a {@link Problem}; anything else from a 5xx
     * (a proxy's page, an empty 503) as the region not answering, so that it is retried and counted.
     */
    static <T> Reply<T> read(Response response, Class<T> type) {
        try (response) {
            int status = response.getStatus();
            boolean partial = response.getHeaderString("X-Chaekieum-Partial") != null;
            if (status >= 200 && status < 300) {
                T body = type == Void.class || status == 204 || !response.hasEntity() ? null
                        : response.readEntity(type);
                return new Reply<>(status, body, null, partial);
            }
            String mediaType = response.getMediaType() == null ? "" : response.getMediaType().toString();
            if (mediaType.startsWith(Problem.MEDIA_TYPE) || mediaType.startsWith("application/json")) {
                try {
                    Problem problem = response.readEntity(Problem.class);
                    if (problem != null && problem.code() != null) {
                        return new Reply<>(status, null, problem, partial);
                    }
                } catch (ProcessingException e) {
                    // not a problem body: judged by its status below
                }
            }
            if (status >= 500 || status == 401 || status == 403) {
                throw new RegionUnreachable("HTTP " + status + " without a problem body", null);
            }
            return new Reply<>(status, null, null, partial);
        } catch (ProcessingException e) {
            throw new RegionUnreachable(e.getCause() == null ? e.getMessage() : e.getCause().toString(), e);
        }
    }
}
