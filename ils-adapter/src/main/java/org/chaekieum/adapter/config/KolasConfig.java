package org.chaekieum.adapter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The KOLAS III bridge's settings ({@code chaekieum.kolas.*}). The protocol carries no credentials, so the bridge is
 * deployed like KOLAS's own local service: next to the library's KOLAS server, each listener bound to an address of
 * that network, serving the libraries configured for it, and taking connections only from the configured client
 * addresses.
 */
@ConfigMapping(prefix = "chaekieum.kolas")
public interface KolasConfig {

    /** Whether the bridge listens at all. */
    @WithDefault("false")
    boolean enabled();

    /** The listeners, by a name of the operator's choosing (e.g. the library's). */
    Map<String, Listener> listeners();

    /** The names of libraries, answered as 도서관명 (the federation keeps codes only); the code when absent. */
    Map<String, String> libraryNames();

    /** The national unified loan cap answered to K27 (지역내통합대출가능책수) when no member is asked about. */
    @WithDefault("20")
    int nationalCap();

    Limits limits();

    interface Listener {
        /** The address to bind: the library network's interface, never one that faces the internet. */
        @WithDefault("127.0.0.1")
        String host();

        /** 33205 is what KOLAS III uses unless told otherwise; 0 for a free port (tests). */
        @WithDefault("33205")
        int port();

        /**
         * The address given to the client in the port-assignment answer (S0001): the client connects to it for its
         * request. By default the address the client reached this listener at.
         */
        Optional<String> advertisedHost();

        /** The libraries (도서관부호) this listener serves; a frame for any other library is refused. */
        List<String> libraries();

        /**
         * Client addresses allowed to connect, as CIDR blocks (10.1.2.0/24, 127.0.0.1/32, ::1/128). A connection from
         * any other address is closed before a byte is read.
         */
        @WithDefault("127.0.0.1/32,::1/128")
        List<String> allowedClients();
    }

    interface Limits {
        /** Longest payload accepted (the client itself cannot send more than about 30 KB safely). */
        @WithDefault("65536")
        int maxFrameBytes();

        /** Connections open at once over all listeners (the client opens one per request). */
        @WithDefault("200")
        int maxConnections();

        /** Time for a whole request envelope to arrive once it has begun, and for a first byte. */
        @WithDefault("PT30S")
        Duration readTimeout();

        /** How long the client's ACK of an answer is waited for before the connection is closed anyway. */
        @WithDefault("PT10S")
        Duration ackTimeout();

        /** Threads that call the regional centers. */
        @WithDefault("16")
        int workers();
    }
}
