package org.chaekieum.hub.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Typed settings of the national hub ({@code chaekieum.hub.*}). */
@ConfigMapping(prefix = "chaekieum.hub")
public interface HubConfig {

    /** CloudEvents source of every envelope the hub publishes. */
    @WithDefault("/chaekieum/hub")
    String source();

    Relay relay();

    Consumer consumer();

    /**
     * The regional centers' federation endpoints by region id ({@code chaekieum.hub.regions."seoul".url}). A region
     * without a URL cannot be asked for a member's profile: transfers to it answer 503 HOME_REGION_UNREACHABLE.
     */
    Map<String, RegionEndpoint> regions();

    ProfileTransfer profileTransfer();

    /**
     * The national cap on a member's open loans (reserved + active) across every library. A region may override it
     * for its own members ({@code chaekieum.hub.regions."<id>".national-cap}); the member's home region decides.
     */
    @WithDefault("20")
    int nationalCap();

    /**
     * How long a returned loan (or a released reservation) keeps the member's number in the national ledger, counted
     * from its return; then the hub's retention run anonymises it (and a withdrawal at once). Open loans keep it: they
     * count towards the cap. Cap overruns lose their member number after the same period.
     */
    @WithDefault("90d")
    Duration loanRetention();

    /** The national loan ledger: settlement of unconfirmed reservations. */
    Ledger ledger();

    /**
     * Outbound circulation calls to regions (return routing, reservation settlement). Per-attempt timeout and retry
     * are MicroProfile Fault Tolerance settings of {@code RegionLoansGateway} (application.properties); one circuit
     * breaker per region, separate from the profile-transfer breaker.
     */
    Circulation circulation();

    interface Circulation {
        @WithDefault("1s")
        Duration connectTimeout();

        @WithDefault("2s")
        Duration readTimeout();

        ProfileTransfer.CircuitBreaker circuitBreaker();
    }

    /** One regional center as the hub calls it. */
    interface RegionEndpoint {
        /** Base URL of the regional center, e.g. {@code http://seoul-center:8080}. */
        Optional<String> url();

        /** National cap for members whose home region this is (overrides {@code chaekieum.hub.national-cap}). */
        Optional<Integer> nationalCap();

        /**
         * The two region digits of this region's library codes (type(1) + region(2) + serial(3)): 111001 -> "11".
         * Returns are routed to the region of the item's owning library through it.
         */
        Optional<String> libraryRegionCode();
    }

    interface Ledger {
        /**
         * A reservation still RESERVED after this long is settled by asking its region whether the loan exists. It
         * stays counted until then: a reservation never expires by itself.
         */
        @WithDefault("60s")
        Duration staleReservationAfter();

        /** How often the settlement job runs. */
        @WithDefault("15s")
        String settleEvery();

        /** Stale reservations settled per run. */
        @WithDefault("100")
        int settleBatchSize();
    }

    /**
     * Outbound profile transfers to home regions. The per-attempt timeout and the retry are MicroProfile Fault
     * Tolerance settings of {@code HomeRegionGateway#transfer} (see application.properties); the circuit breaker is
     * one per region and configured here.
     */
    interface ProfileTransfer {
        @WithDefault("1s")
        Duration connectTimeout();

        @WithDefault("2s")
        Duration readTimeout();

        CircuitBreaker circuitBreaker();

        interface CircuitBreaker {
            /** Calls in the rolling window the failure ratio is computed over. */
            @WithDefault("10")
            int requestVolumeThreshold();

            @WithDefault("0.5")
            double failureRatio();

            /** How long an open breaker refuses calls before it lets a trial call through. */
            @WithDefault("10s")
            Duration delay();

            /** Successful trial calls that close a half-open breaker. */
            @WithDefault("2")
            int successThreshold();
        }
    }

    /**
     * Producer timeouts of the dead-letter publisher ({@code chaekieum.hub.relay.*}, named after the relay that used to
     * share them). The outbox relay is configured under {@code chaekieum.outbox.*} (service-runtime's OutboxConfig).
     */
    interface Relay {
        /** Producer {@code max.block.ms}. */
        @WithDefault("3s")
        Duration maxBlock();

        /** Producer {@code request.timeout.ms}. */
        @WithDefault("2s")
        Duration requestTimeout();

        /** Producer {@code delivery.timeout.ms} (at least request timeout + linger). */
        @WithDefault("5s")
        Duration deliveryTimeout();
    }

    /** The member-event consumer. */
    interface Consumer {
        /** Attempts of one record on a database failure before it goes to the dead-letter topic. */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("200ms")
        Duration retryBackoff();
    }
}
