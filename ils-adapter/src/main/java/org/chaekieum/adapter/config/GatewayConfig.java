package org.chaekieum.adapter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SIP2 gateway's settings ({@code chaekieum.sip2.*}). */
@ConfigMapping(prefix = "chaekieum.sip2")
public interface GatewayConfig {

    /** The plain TCP listener; 0 for a free port (tests). */
    @WithDefault("6001")
    int port();

    @WithDefault("0.0.0.0")
    String host();

    Tls tls();

    /** The kiosk accounts file (JSON), read again when it changes. */
    Optional<String> accounts();

    /** How often the accounts file is checked for a change. */
    @WithDefault("PT5S")
    Duration accountsCheckInterval();

    /** The regional centers, by region id: their URL and the libraries they serve. */
    Map<String, Region> regions();

    Limits limits();

    Calls calls();

    interface Tls {
        /** Whether a TLS listener is opened beside the plain one. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("6443")
        int port();

        /** The name of the Quarkus TLS registry configuration ({@code quarkus.tls.<name>.key-store...}). */
        @WithDefault("sip2")
        String configuration();
    }

    interface Region {
        URI url();

        List<String> libraries();
    }

    interface Limits {
        /** Longest message a kiosk may send, in bytes; a longer one is answered with 96 and discarded. */
        @WithDefault("4096")
        int maxMessageBytes();

        /** A connection that sends nothing for this long is closed (kiosks send 99 every minute or so). */
        @WithDefault("PT10M")
        Duration idleTimeout();

        /** A message begun but not ended within this time is dropped and the connection closed. */
        @WithDefault("PT15S")
        Duration readTimeout();

        /** Connections in all. */
        @WithDefault("1000")
        int maxConnections();

        /** Wrong logins on one connection before it is closed. */
        @WithDefault("3")
        int maxLoginFailures();

        /** Messages a connection may have waiting for their answer (kiosks send one at a time). */
        @WithDefault("4")
        int maxPendingPerConnection();

        /** Threads that call the regional centers. */
        @WithDefault("64")
        int workers();
    }

    interface Calls {
        /** Bound of one call to a regional center, well inside a kiosk's own timeout (often 10-30 s). */
        @WithDefault("PT3S")
        Duration timeout();

        @WithDefault("PT0.5S")
        Duration connectTimeout();

        /** Retries of a call that did not reach the region (every write carries an Idempotency-Key). */
        @WithDefault("1")
        int retries();

        /** How long the circuit to a region stays open after repeated failures. */
        @WithDefault("PT5S")
        Duration circuitBreakerDelay();

        /** How long the answer of a reachability probe (98's on-line flag, health) is reused. */
        @WithDefault("PT2S")
        Duration probeCache();
    }
}
