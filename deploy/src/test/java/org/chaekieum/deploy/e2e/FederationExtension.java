package org.chaekieum.deploy.e2e;

import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.config.SSLConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.http.conn.ssl.SSLSocketFactory;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.FederationLayout;
import org.chaekieum.deploy.LocalTrust;
import org.chaekieum.deploy.Ports;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts ONE federation for the whole test run (PostgreSQL, Keycloak and a Kafka broker as child processes, the packaged national hub and two
 * packaged regional centers as child processes, and the packaged SIP2 gateway with the default kiosks
 * ({@link Federation.Kiosk#DEFAULTS}), all on free ports so that a running local federation does not clash)
 * and hands it to test methods as a {@link Federation} parameter. It is stopped when the test run ends. Logs stay in
 * {@code deploy/target/e2e-federation/logs}.
 *
 * <p>Before each test class it waits until every service reports ready, since an earlier class may have stopped and
 * restarted the broker. A test may stop one regional center ({@link Federation#regionOutage}, closed in a
 * try-with-resources so that it is started again), the hub, the SIP2 gateway or the Kafka broker; should a test end
 * with any of them still stopped, the next test starts it again before it runs ({@link Federation#startStopped}).
 *
 * <p>Regional centers run with a degraded-mode allowance of {@value #DEGRADED_MAX_LOANS_PER_MEMBER} loans per member
 * and region while the hub cannot be asked ({@value #DEGRADED_MAX_LOANS_PROPERTY}).
 */
public final class FederationExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    public static final String SEOUL = "seoul";
    public static final String GYEONGGI = "gyeonggi";
    public static final List<String> SEOUL_LIBRARIES = List.of("111001", "111002");
    public static final List<String> GYEONGGI_LIBRARIES = List.of("141001", "141002");
    static final String IDENTITY_HASH_KEY = "e2e-identity-hash-key";
    /** How many loans a region may grant a member on its own while the hub is unreachable (degraded rule). */
    public static final String DEGRADED_MAX_LOANS_PROPERTY = "chaekieum.circulation.degraded.max-loans-per-member";
    public static final int DEGRADED_MAX_LOANS_PER_MEMBER = 2;

    /**
     * The TLS of the tests' REST calls: every service serves HTTPS only, with a certificate of the run's CA, which the
     * tests trust ({@link LocalTrust}: that CA only); host names are verified. A helper with its own
     * {@code RestAssuredConfig} adds it too.
     */
    public static final SSLConfig TLS = SSLConfig.sslConfig().sslSocketFactory(new SSLSocketFactory(
            LocalTrust.sslContext(), SSLSocketFactory.STRICT_HOSTNAME_VERIFIER));

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FederationExtension.class);

    /** Closes the federation when the root context (the whole run) closes. */
    private record Running(Federation federation) implements AutoCloseable {
        @Override
        public void close() {
            federation.close();
        }
    }

    private static Federation federation;
    private static RuntimeException startFailure;

    @Override
    public void beforeAll(ExtensionContext context) {
        Federation running = federation(context);
        running.startStopped();
        await("every service ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> running.services().stream().allMatch(service -> service.status("/q/health/ready") == 200)
                        && running.gateway().status("/q/health/ready") == 200);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<String> restarted = federation(context).startStopped();
        if (!restarted.isEmpty()) {
            System.out.printf("[e2e] started %s again: an earlier test left them stopped%n", restarted);
        }
    }

    private static synchronized Federation federation(ExtensionContext context) {
        if (startFailure != null) {
            throw new IllegalStateException("the federation could not start (see the first failing test class)",
                    startFailure);
        }
        if (federation == null) {
            try {
                federation = context.getRoot().getStore(NAMESPACE)
                        .computeIfAbsent(Running.class, key -> new Running(start()), Running.class)
                        .federation();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return federation;
    }

    private static Federation start() {
        FederationLayout layout = FederationLayout.detect();
        Federation.Settings settings = new Federation.Settings(
                layout.deployTarget().resolve("e2e-federation"),
                0,
                Ports.free(),
                Ports.free(),
                List.of(new Federation.Region(SEOUL, Ports.free(), SEOUL_LIBRARIES),
                        new Federation.Region(GYEONGGI, Ports.free(), GYEONGGI_LIBRARIES)),
                IDENTITY_HASH_KEY,
                // The gateway's calls to a region may take 10 s, not 3: the first call after the federation started
                // (an enrollment: tokens from Keycloak, the hub's first look-up) took 5 s on this loaded 2-core
                // machine. Only the gateway reads the setting.
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dchaekieum.sip2.calls.timeout=PT10S"),
                // Tests take regional centers down on purpose: shorter circuit-breaker windows, so that the tests
                // after such an outage do not wait out production-length delays.
                Map.of("chaekieum.hub.profile-transfer.circuit-breaker.delay", "1s"),
                Map.ofEntries(Map.entry("org.chaekieum.region.client.HubGateway/transferProfile/CircuitBreaker/delay", "1"),
                        Map.entry("org.chaekieum.region.client.HubGateway/lookupIdentity/CircuitBreaker/delay", "1"),
                        Map.entry("org.chaekieum.region.client.HubGateway/reserveLoan/CircuitBreaker/delay", "1"),
                        // Reservations of one member are serialized at the hub: a burst of 40 for one member on this
                        // shared 2-core machine must not time out into the degraded rule while the hub is reachable.
                        // (5 s was exceeded once on a loaded CI run: two reservations fell back to the degraded rule.)
                        // The REST client's own read timeout would cut the call first: it follows.
                        Map.entry("org.chaekieum.region.client.HubGateway/reserveLoan/Timeout/value", "15000"),
                        Map.entry("quarkus.rest-client.hub.read-timeout", "15000"),
                        Map.entry("org.chaekieum.region.client.HubGateway/routeReturn/CircuitBreaker/delay", "1"),
                        Map.entry("org.chaekieum.region.client.HubGateway/memberLoans/CircuitBreaker/delay", "1"),
                        Map.entry("org.chaekieum.region.client.HubGateway/askRights/CircuitBreaker/delay", "1"),
                        Map.entry("chaekieum.import.completion-interval", "1s"),
                        // The degraded rule is an operator's explicit opt-in (the default refuses): these tests
                        // opt in, to check the marked loans and the overrun reports; NationalCapOnRightsIT runs the
                        // default.
                        Map.entry("chaekieum.circulation.degraded.mode", "BOUNDED"),
                        Map.entry(DEGRADED_MAX_LOANS_PROPERTY, Integer.toString(DEGRADED_MAX_LOANS_PER_MEMBER))),
                Duration.ofSeconds(90));
        long t0 = System.nanoTime();
        Federation started = Federation.start(layout, settings);
        // Every request of the tests carries the token its caller would hold in the demo realm (Keycloak), unless the
        // test sets its own Authorization header (SecurityAcrossTheFederationIT does).
        // Every service serves HTTPS only, with a certificate of the run's CA: the tests trust that CA, and only it.
        RestAssured.config = RestAssured.config().sslConfig(TLS);
        RestAssured.filters((request, response, context) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                String token = started.tokenFor(request.getMethod(), URI.create(request.getURI()));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
            }
            return context.next(request, response);
        });
        System.out.printf("[e2e] federation started in %.1f s; logs in %s%n", (System.nanoTime() - t0) / 1e9,
                Path.of(settings.workDir().toString(), "logs"));
        return started;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Federation.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return federation(context);
    }
}
