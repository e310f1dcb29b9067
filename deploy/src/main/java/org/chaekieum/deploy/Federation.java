package org.chaekieum.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A whole federation on this machine: PostgreSQL (one database per service), a Kafka broker, Keycloak, the national hub,
 * the regional centers and the SIP2 gateway for self-check kiosks, each service a separate process running its packaged
 * jar. Used by {@link LocalFederation} and by the end-to-end tests. Everything serves TLS only, with certificates of
 * one CA made in the work directory ({@link #certificateAuthority()}), which every client trusts.
 */
public final class Federation implements AutoCloseable {

    /** A regional center: its id ({@code chaekieum.region.id}), HTTPS port and the libraries it serves. */
    public record Region(String id, int port, List<String> libraries) {
        public Region {
            libraries = List.copyOf(libraries);
        }
    }

    /**
     * A self-check kiosk's account at the SIP2 gateway (one entry of its accounts file; see the gateway's
     * {@code KioskAccounts}). Its login password is generated when the federation starts and is only in memory
     * ({@link Sip2Gateway#password}); the accounts file holds its hash.
     *
     * @param login          SIP2 login user id (CN of the 93 message): 1-64 characters of printable ASCII, no '|'
     * @param library        the library code the kiosk acts for
     * @param charset        {@code UTF-8}, {@code EUC-KR} or {@code CP949}
     * @param language       screen messages in {@code ko} or {@code en}
     * @param errorDetection whether every message must carry AY/AZ
     * @param patronPassword whether the library uses card passwords (AD checked at the regional center)
     * @param operations     what it may do (status, patron and item information are always allowed)
     * @param institutions   institution ids (AO) it may send; empty: the library code only
     * @param locations      location codes (CP) allowed at login; empty: any
     * @param maxConnections connections it may hold at once (1-100)
     */
    public record Kiosk(String login, String library, String charset, String language, boolean errorDetection,
                        boolean patronPassword, Set<Operation> operations, List<String> institutions,
                        List<String> locations, int maxConnections) {

        /** What a kiosk may do, as the gateway names it. */
        public enum Operation {
            CHECKOUT, CHECKIN, RENEW
        }

        public static final List<String> CHARSETS = List.of("UTF-8", "EUC-KR", "CP949");

        /**
         * The demo kiosks: one per library for checkouts, returns and renewals in Korean (UTF-8; 111002's in CP949 as
         * older Korean kiosks send), an English EUC-KR kiosk with error detection at 111001, a return-only kiosk
         * (a book drop) at 141002, and a kiosk at 141001 that asks for the library's card password (AD).
         */
        public static final List<Kiosk> DEFAULTS = List.of(
                of("kiosk-111001", "111001", "UTF-8", "ko"),
                of("kiosk-111002-cp949", "111002", "CP949", "ko"),
                of("kiosk-141001", "141001", "UTF-8", "ko"),
                of("kiosk-111001-euckr", "111001", "EUC-KR", "en").withErrorDetection(true),
                of("kiosk-141002-checkin", "141002", "UTF-8", "ko").withOperations(Operation.CHECKIN),
                of("kiosk-141001-pin", "141001", "UTF-8", "ko").withPatronPassword(true));

        public Kiosk {
            if (login == null || login.isEmpty() || login.length() > 64 || !login.chars().allMatch(c -> c > 0x20
                    && c < 0x7F && c != '|')) {
                throw new IllegalArgumentException("kiosk login must be 1-64 printable ASCII characters without '|' "
                        + "or blanks: " + login);
            }
            if (library == null || !library.matches("[0-9]{6}")) {
                throw new IllegalArgumentException("kiosk " + login + ": library must be a 6-digit code: " + library);
            }
            if (!CHARSETS.contains(charset)) {
                throw new IllegalArgumentException("kiosk " + login + ": charset is one of " + CHARSETS + ": " + charset);
            }
            if (!"ko".equals(language) && !"en".equals(language)) {
                throw new IllegalArgumentException("kiosk " + login + ": language is ko or en: " + language);
            }
            if (maxConnections < 1 || maxConnections > 100) {
                throw new IllegalArgumentException("kiosk " + login + ": maxConnections is 1 to 100");
            }
            operations = operations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operations));
            institutions = List.copyOf(institutions);
            locations = List.copyOf(locations);
        }

        /** A kiosk that may check out, check in and renew, without error detection or card passwords. */
        public static Kiosk of(String login, String library, String charset, String language) {
            return new Kiosk(login, library, charset, language, false, false, EnumSet.allOf(Operation.class),
                    List.of(), List.of(), 4);
        }

        public Kiosk withOperations(Operation... allowed) {
            return new Kiosk(login, library, charset, language, errorDetection, patronPassword,
                    allowed.length == 0 ? Set.of() : EnumSet.copyOf(List.of(allowed)), institutions, locations,
                    maxConnections);
        }

        public Kiosk withErrorDetection(boolean on) {
            return new Kiosk(login, library, charset, language, on, patronPassword, operations, institutions,
                    locations, maxConnections);
        }

        public Kiosk withPatronPassword(boolean on) {
            return new Kiosk(login, library, charset, language, errorDetection, on, operations, institutions,
                    locations, maxConnections);
        }

        public Kiosk withLocations(String... codes) {
            return new Kiosk(login, library, charset, language, errorDetection, patronPassword, operations,
                    institutions, List.of(codes), maxConnections);
        }

        public Kiosk withInstitutions(String... ids) {
            return new Kiosk(login, library, charset, language, errorDetection, patronPassword, operations,
                    List.of(ids), locations, maxConnections);
        }

        public Kiosk withMaxConnections(int connections) {
            return new Kiosk(login, library, charset, language, errorDetection, patronPassword, operations,
                    institutions, locations, connections);
        }

        public boolean allows(Operation operation) {
            return operations.contains(operation);
        }
    }

    /**
     * What to start.
     *
     * @param workDir            logs, Kafka's and PostgreSQL's data; the data directories are wiped at start
     * @param postgresPort       0 for a free port
     * @param kafkaPort          the broker's client port
     * @param hubPort            the national hub's HTTPS port
     * @param regions            the regional centers
     * @param identityHashKey    {@code chaekieum.identity.hash-key}, the same for every region (handed over in the
     *                           environment, like the client secrets)
     * @param serviceJvmOptions  JVM options of each service
     * @param hubProperties      further settings of the hub
     * @param regionProperties   further settings of every regional center
     * @param readyTimeout       how long a service may take to become ready
     * @param keycloakPort       the identity provider's HTTPS port, 0 for a free one
     * @param gatewaySip2Port    the SIP2 gateway's SIP2 (plain TCP) port, 0 for a free one
     * @param gatewayHttpPort    the SIP2 gateway's HTTPS port (health, metrics), 0 for a free one
     * @param kiosks             the kiosk accounts of the SIP2 gateway (each library must be one of a region's)
     */
    public record Settings(Path workDir, int postgresPort, int kafkaPort, int hubPort, List<Region> regions,
                           String identityHashKey, List<String> serviceJvmOptions, Map<String, String> hubProperties,
                           Map<String, String> regionProperties, Duration readyTimeout, int keycloakPort,
                           int gatewaySip2Port, int gatewayHttpPort, List<Kiosk> kiosks) {

        /** Settings with Keycloak and the SIP2 gateway on free ports, and the default kiosks. */
        public Settings(Path workDir, int postgresPort, int kafkaPort, int hubPort, List<Region> regions,
                        String identityHashKey, List<String> serviceJvmOptions, Map<String, String> hubProperties,
                        Map<String, String> regionProperties, Duration readyTimeout) {
            this(workDir, postgresPort, kafkaPort, hubPort, regions, identityHashKey, serviceJvmOptions, hubProperties,
                    regionProperties, readyTimeout, 0);
        }

        /** Settings with the SIP2 gateway on free ports and the default kiosks. */
        public Settings(Path workDir, int postgresPort, int kafkaPort, int hubPort, List<Region> regions,
                        String identityHashKey, List<String> serviceJvmOptions, Map<String, String> hubProperties,
                        Map<String, String> regionProperties, Duration readyTimeout, int keycloakPort) {
            this(workDir, postgresPort, kafkaPort, hubPort, regions, identityHashKey, serviceJvmOptions, hubProperties,
                    regionProperties, readyTimeout, keycloakPort, 0, 0, Kiosk.DEFAULTS);
        }

        public Settings {
            regions = List.copyOf(regions);
            serviceJvmOptions = List.copyOf(serviceJvmOptions);
            hubProperties = Map.copyOf(hubProperties);
            regionProperties = Map.copyOf(regionProperties);
            kiosks = List.copyOf(kiosks);
            if (kiosks.stream().map(Kiosk::login).distinct().count() != kiosks.size()) {
                throw new IllegalArgumentException("two kiosks with the same login: " + kiosks.stream()
                        .map(Kiosk::login).toList());
            }
        }

        public Settings withHubProperties(Map<String, String> properties) {
            return new Settings(workDir, postgresPort, kafkaPort, hubPort, regions, identityHashKey,
                    serviceJvmOptions, properties, regionProperties, readyTimeout, keycloakPort, gatewaySip2Port,
                    gatewayHttpPort, kiosks);
        }

        public Settings withRegionProperties(Map<String, String> properties) {
            return new Settings(workDir, postgresPort, kafkaPort, hubPort, regions, identityHashKey,
                    serviceJvmOptions, hubProperties, properties, readyTimeout, keycloakPort, gatewaySip2Port,
                    gatewayHttpPort, kiosks);
        }

        /** The SIP2 gateway's SIP2 and HTTP ports (0: a free one). */
        public Settings withGatewayPorts(int sip2Port, int httpPort) {
            return new Settings(workDir, postgresPort, kafkaPort, hubPort, regions, identityHashKey,
                    serviceJvmOptions, hubProperties, regionProperties, readyTimeout, keycloakPort, sip2Port,
                    httpPort, kiosks);
        }

        public Settings withKiosks(List<Kiosk> accounts) {
            return new Settings(workDir, postgresPort, kafkaPort, hubPort, regions, identityHashKey,
                    serviceJvmOptions, hubProperties, regionProperties, readyTimeout, keycloakPort, gatewaySip2Port,
                    gatewayHttpPort, accounts);
        }
    }

    public static final String HUB = "national-hub";
    /** The SIP2 gateway's process name (its log is {@code logs/sip2-gateway.log}). */
    public static final String GATEWAY = "sip2-gateway";

    private final FederationLayout layout;
    private final Settings settings;
    private LocalPostgres postgres;
    private KafkaBroker kafka;
    private LocalCertificateAuthority ca;
    private Path javaTrustStore;
    private KeycloakServer keycloak;
    private ServiceProcess hub;
    private final Map<String, ServiceProcess> regions = new LinkedHashMap<>();
    private Sip2Gateway gateway;
    private int kolasPort;

    private Federation(FederationLayout layout, Settings settings) {
        this.layout = layout;
        this.settings = settings;
    }

    /** Starts everything and returns once every service is ready; on failure stops what it started. */
    public static Federation start(FederationLayout layout, Settings settings) {
        Federation federation = new Federation(layout, settings);
        try {
            federation.startAll();
            return federation;
        } catch (RuntimeException | Error e) {
            try {
                federation.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void startAll() {
        FederationLayout.requirePackaged(layout.hubJar());
        FederationLayout.requirePackaged(layout.regionalCenterJar());
        FederationLayout.requirePackaged(layout.gatewayJar());
        for (Kiosk kiosk : settings.kiosks()) {
            if (settings.regions().stream().noneMatch(region -> region.libraries().contains(kiosk.library()))) {
                throw new IllegalArgumentException("kiosk " + kiosk.login() + " acts for library " + kiosk.library()
                        + ", which no region serves");
            }
        }
        Path workDir = settings.workDir().toAbsolutePath();
        ChildProcess.stopStrays(workDir);
        Ports.requireFree(settings.hubPort(), HUB);
        settings.regions().forEach(region -> Ports.requireFree(region.port(), "regional center " + region.id()));
        if (settings.gatewaySip2Port() != 0) {
            Ports.requireFree(settings.gatewaySip2Port(), GATEWAY + " SIP2");
        }
        if (settings.gatewayHttpPort() != 0) {
            Ports.requireFree(settings.gatewayHttpPort(), GATEWAY + " HTTP");
        }
        deleteRecursively(workDir.resolve("kafka"));
        deleteRecursively(workDir.resolve("logs"));
        deleteRecursively(workDir.resolve("apps"));

        long t0 = System.nanoTime();
        // One CA for the whole run, kept in the work directory (made at the first start, reused later): it signs the
        // broker's, Keycloak's and every HTTP service's certificate; every client trusts it, and only it.
        ca = LocalCertificateAuthority.create(workDir.resolve(CA_DIRECTORY));
        javaTrustStore = ca.javaTrustStore();
        LocalTrust.trust(ca);
        keycloak = KeycloakServer.create(layout, workDir,
                settings.keycloakPort() == 0 ? Ports.free() : settings.keycloakPort(), settings.hubPort(), ca);
        CompletableFuture<Void> keycloakReady = CompletableFuture.runAsync(keycloak::start);
        kafka = KafkaBroker.create(layout, workDir.resolve("kafka"), settings.kafkaPort(),
                settings.regions().stream().map(Region::id).toList(), ca);
        CompletableFuture<Void> kafkaReady = CompletableFuture.runAsync(kafka::start);
        List<String> databases = new ArrayList<>();
        databases.add(LocalPostgres.HUB_DATABASE);
        settings.regions().forEach(region -> databases.add(LocalPostgres.regionDatabase(region.id())));
        // TLS only, verified in full, with a password of this start (see LocalPostgres).
        LocalCertificateAuthority.IssuedCertificate postgresCertificate = ca.issueServerCertificate("postgres",
                "localhost", "127.0.0.1");
        postgres = LocalPostgres.start(settings.postgresPort(), workDir.resolve("postgres"), databases,
                new LocalPostgres.Tls(postgresCertificate.certificate(), postgresCertificate.privateKey(),
                        ca.caCertificate()));
        log("PostgreSQL ready on port %d (%d ms)", postgres.port(), millisSince(t0));
        try {
            kafkaReady.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        log("Kafka ready on %s (%d ms)", kafka.bootstrapServers(), millisSince(t0));

        try {
            keycloakReady.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        log("Keycloak ready on %s (%d ms)", keycloak.issuer(), millisSince(t0));

        Path hubJar = snapshot(layout.hubJar(), workDir.resolve("apps").resolve(HUB));
        Path regionalCenterJar = snapshot(layout.regionalCenterJar(), workDir.resolve("apps").resolve("regional-center"));
        Path gatewayJar = snapshot(layout.gatewayJar(), workDir.resolve("apps").resolve(GATEWAY));
        hub = new ServiceProcess(HUB, hubJar, settings.hubPort(), hubProperties(), hubSecrets(),
                settings.serviceJvmOptions(), workDir)
                .readyTimeout(settings.readyTimeout());
        for (Region region : settings.regions()) {
            regions.put(region.id(), new ServiceProcess("regional-center-" + region.id(), regionalCenterJar,
                    region.port(), regionProperties(region), regionSecrets(region), settings.serviceJvmOptions(), workDir)
                    .readyTimeout(settings.readyTimeout()));
        }
        List<ServiceProcess> services = services();
        services.forEach(ServiceProcess::launch);
        for (ServiceProcess service : services) {
            service.awaitReady();
            log("%s ready on %s (%d ms)", service.name(), service.baseUrl(), millisSince(t0));
        }

        // The gateway is a client of the regional centers: started once they answer, on every region.
        int sip2Port = settings.gatewaySip2Port() == 0 ? Ports.free() : settings.gatewaySip2Port();
        int gatewayHttpPort = settings.gatewayHttpPort() == 0 ? Ports.free() : settings.gatewayHttpPort();
        // The KOLAS III bridge runs in the same ils-adapter process: 33205 (KOLAS's default) for a local run with
        // fixed ports, a free port for tests.
        kolasPort = settings.gatewaySip2Port() == 0 ? Ports.free() : Ports.freeFrom(KOLAS_PORT);
        gateway = Sip2Gateway.create(gatewayJar, sip2Port, gatewayHttpPort, settings.kiosks(),
                gatewayProperties(sip2Port, gatewayHttpPort), serviceAccountSecret(KeycloakServer.GATEWAY_CLIENT),
                settings.serviceJvmOptions(), workDir, settings.readyTimeout());
        gateway.start();
        awaitKolasListener();
        log("%s ready: SIP2 on 127.0.0.1:%d, KOLAS III on 127.0.0.1:%d, HTTP %s, %d kiosks (%d ms)", GATEWAY,
                gateway.sip2Port(), kolasPort, gateway.baseUrl(), settings.kiosks().size(), millisSince(t0));
        Shutdown.register(this);
    }

    /**
     * Copies a packaged service ({@code target/quarkus-app}, whose {@code quarkus-run.jar} is given) into the work
     * directory and returns the copy's {@code quarkus-run.jar}. The services run from that copy, so a rebuild of the
     * project while the federation runs (a colleague's {@code mvn package}) cannot pull jars from under a running or
     * restarted service; every restart in this run uses the same build.
     */
    static Path snapshot(Path quarkusRunJar, Path target) {
        Path app = quarkusRunJar.toAbsolutePath().getParent();
        deleteRecursively(target);
        try (Stream<Path> paths = Files.walk(app)) {
            for (Path source : paths.toList()) {
                Path copy = target.resolve(app.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + app + " to " + target
                    + " (was it being rebuilt? try again once the build has finished)", e);
        }
        Path jar = target.resolve(quarkusRunJar.getFileName().toString());
        FederationLayout.requirePackaged(jar);
        return jar;
    }

    /**
     * A service's own client secret, in the environment variable Quarkus reads for quarkus.oidc-client (secrets go
     * through the environment, never the command line, where any local user could read them).
     */
    private Map<String, String> serviceAccountSecret(String clientId) {
        return Map.of("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", keycloak.secret(clientId));
    }

    /**
     * The hub's secrets: its service account's, and the national dashboard client's, with which it logs people in on
     * its pages (the OIDC tenant "browser").
     */
    private Map<String, String> hubSecrets() {
        Map<String, String> environment = new LinkedHashMap<>(serviceAccountSecret(KeycloakServer.HUB_CLIENT));
        environment.put("QUARKUS_OIDC_BROWSER_CREDENTIALS_SECRET", keycloak.secret(KeycloakServer.DASHBOARD_CLIENT));
        environment.putAll(kafkaLogin(KafkaBroker.HUB));
        return environment;
    }

    /** A region's secrets: its service account's and the federation's identity-hash key. */
    private Map<String, String> regionSecrets(Region region) {
        Map<String, String> environment = new LinkedHashMap<>(serviceAccountSecret(KeycloakServer.regionClient(region.id())));
        environment.put("CHAEKIEUM_IDENTITY_HASH_KEY", settings.identityHashKey());
        environment.putAll(kafkaLogin(KafkaBroker.regionPrincipal(region.id())));
        return environment;
    }

    /**
     * A service's login at the broker (its SASL/SCRAM principal and password), in the environment variable from which
     * Quarkus gives every Kafka client of the service {@code kafka.sasl.jaas.config}.
     */
    private Map<String, String> kafkaLogin(String principal) {
        return Map.of("KAFKA_SASL_JAAS_CONFIG", kafka.clientProperties(principal).get("sasl.jaas.config"));
    }

    /** The directory of the run's CA in the work directory (kept across starts, unlike Kafka's data). */
    public static final String CA_DIRECTORY = "ca";
    /** The name of the TLS configuration (Quarkus TLS registry) that trusts the run's CA, in every service. */
    static final String TRUST_CONFIGURATION = "local-ca";

    /** The run's certificate authority: what every client of the run trusts ({@link #caCertificate()}). */
    public LocalCertificateAuthority certificateAuthority() {
        return ca;
    }

    /** The run's CA certificate (PEM), e.g. for {@code curl --cacert}. */
    public Path caCertificate() {
        return ca.caCertificate();
    }

    /**
     * What makes a service serve HTTPS only, on its port, with a new certificate of the run's CA for 127.0.0.1 and
     * localhost (key file 0600), and trust that CA (only) as a client: the TLS configuration {@value
     * #TRUST_CONFIGURATION} for the clients that name one (OIDC, named REST clients), and the JVM's default trust store
     * for the others (REST clients built in code, the JDK's HTTP client). The plain HTTP listener is not opened
     * ({@code insecure-requests=disabled}); its port setting names a free port nothing listens on.
     */
    private Map<String, String> httpsProperties(String service, int port) {
        LocalCertificateAuthority.IssuedCertificate certificate = ca.issueServerCertificate(service, "127.0.0.1",
                "localhost");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(ServiceProcess.HTTPS_PORT, Integer.toString(port));
        properties.put("quarkus.http.port", Integer.toString(Ports.free()));
        properties.put("quarkus.http.insecure-requests", "disabled");
        properties.put("quarkus.http.ssl.certificate.files", certificate.certificate().toString());
        properties.put("quarkus.http.ssl.certificate.key-files", certificate.privateKey().toString());
        properties.put("quarkus.tls." + TRUST_CONFIGURATION + ".trust-store.pem.certs", ca.caCertificate().toString());
        properties.put("quarkus.oidc-client.tls.tls-configuration-name", TRUST_CONFIGURATION);
        properties.put("javax.net.ssl.trustStore", javaTrustStore.toString());
        properties.put("javax.net.ssl.trustStoreType", "JKS");
        return properties;
    }

    private Map<String, String> commonProperties(String service, int port, String database) {
        Map<String, String> properties = new LinkedHashMap<>(httpsProperties(service, port));
        properties.put("quarkus.oidc.tls.tls-configuration-name", TRUST_CONFIGURATION);
        properties.put("quarkus.oidc.auth-server-url", keycloak.issuer());
        properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        properties.put("quarkus.datasource.username", LocalPostgres.USER);
        properties.put("quarkus.datasource.password", postgres.password());
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        // The broker serves only SASL_SSL (SCRAM); the login itself, a secret, goes through the environment.
        kafka.clientProperties(KafkaBroker.HUB).forEach((key, value) -> {
            if (!key.equals("sasl.jaas.config")) {
                properties.put("kafka." + key, value);
            }
        });
        return properties;
    }

    private Map<String, String> hubProperties() {
        Map<String, String> properties = commonProperties(HUB, settings.hubPort(), LocalPostgres.HUB_DATABASE);
        // The dashboard's log-in (the OIDC tenant "browser") reaches Keycloak over TLS too.
        properties.put("quarkus.oidc.browser.tls.tls-configuration-name", TRUST_CONFIGURATION);
        // The hub routes profile transfers (반입) to a member's home region, so it knows every regional center. The
        // hub starts first, but the regions' ports are fixed in the settings. The quotes are part of the key
        // (a map key of @ConfigMapping): chaekieum.hub.regions."seoul".url
        // It also routes a return of another region's item (타관반납) by the region digits of the owning library's
        // code (type 1 digit + REGION 2 digits + serial 3: 141001 -> 41), so it is told each region's digits too.
        for (Region region : settings.regions()) {
            properties.put(hubRegionUrlProperty(region.id()), "https://127.0.0.1:" + region.port());
            libraryRegionCode(region).ifPresent(code -> properties.put(hubRegionLibraryCodeProperty(region.id()), code));
        }
        properties.putAll(settings.hubProperties());
        return properties;
    }

    /** The hub's setting for the region digits of a regional center's libraries. */
    public static String hubRegionLibraryCodeProperty(String regionId) {
        return "chaekieum.hub.regions.\"" + regionId + "\".library-region-code";
    }

    /** The region digits (2nd and 3rd of the library code) shared by all of a region's libraries, if they share one. */
    static Optional<String> libraryRegionCode(Region region) {
        List<String> codes = region.libraries().stream()
                .filter(code -> code.length() == 6)
                .map(code -> code.substring(1, 3))
                .distinct()
                .toList();
        return codes.size() == 1 ? Optional.of(codes.get(0)) : Optional.empty();
    }

    /** The hub's setting for a regional center's URL, e.g. {@code chaekieum.hub.regions."seoul".url}. */
    public static String hubRegionUrlProperty(String regionId) {
        return "chaekieum.hub.regions.\"" + regionId + "\".url";
    }

    /**
     * The gateway's settings: its SIP2 listener on the loopback only (like every service of a local federation), its
     * kiosk accounts file, every regional center with its libraries, and its own account at Keycloak (client
     * sip2-gateway; the secret goes in the environment).
     */
    private Map<String, String> gatewayProperties(int sip2Port, int httpPort) {
        Map<String, String> properties = new LinkedHashMap<>(httpsProperties(GATEWAY, httpPort));
        List<String> libraries = settings.regions().stream().flatMap(region -> region.libraries().stream()).toList();
        properties.put("chaekieum.kolas.enabled", "true");
        properties.put("chaekieum.kolas.listeners.\"local\".host", "127.0.0.1");
        properties.put("chaekieum.kolas.listeners.\"local\".port", Integer.toString(kolasPort));
        properties.put("chaekieum.kolas.listeners.\"local\".libraries", String.join(",", libraries));
        properties.put("chaekieum.kolas.listeners.\"local\".allowed-clients", "127.0.0.1/32");
        properties.put("chaekieum.sip2.host", "127.0.0.1");
        properties.put("chaekieum.sip2.port", Integer.toString(sip2Port));
        properties.put("chaekieum.sip2.tls.enabled", "false");
        properties.put("chaekieum.sip2.accounts", Sip2Gateway.accountsFile(settings.workDir().toAbsolutePath())
                .toString());
        for (Region region : settings.regions()) {
            properties.put(gatewayRegionUrlProperty(region.id()), "https://127.0.0.1:" + region.port());
            properties.put(gatewayRegionLibrariesProperty(region.id()), String.join(",", region.libraries()));
        }
        properties.put("quarkus.oidc-client.auth-server-url", keycloak.issuer());
        properties.put("quarkus.oidc-client.client-id", KeycloakServer.GATEWAY_CLIENT);
        return properties;
    }

    /** KOLAS III's own default port for its local service: where a local run's bridge listens if it is free. */
    public static final int KOLAS_PORT = 33205;

    /** The KOLAS III bridge's port (in the ils-adapter process, beside the SIP2 listener). */
    public int kolasPort() {
        return kolasPort;
    }

    /** The bridge listens a moment after the SIP2 listener (the same process's next start-up step). */
    private void awaitKolasListener() {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        while (!Ports.accepts(kolasPort)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the KOLAS III bridge does not listen on port " + kolasPort
                        + "; see " + gateway.logFile());
            }
            LockSupport.parkNanos(50_000_000L);
        }
    }

    /** The gateway's setting for a regional center's URL, e.g. {@code chaekieum.sip2.regions."seoul".url}. */
    public static String gatewayRegionUrlProperty(String regionId) {
        return "chaekieum.sip2.regions.\"" + regionId + "\".url";
    }

    /** The gateway's setting for the libraries a regional center serves (comma list). */
    public static String gatewayRegionLibrariesProperty(String regionId) {
        return "chaekieum.sip2.regions.\"" + regionId + "\".libraries";
    }

    private Map<String, String> regionProperties(Region region) {
        Map<String, String> properties = commonProperties("regional-center-" + region.id(), region.port(),
                LocalPostgres.regionDatabase(region.id()));
        properties.put("chaekieum.region.id", region.id());
        properties.put("chaekieum.region.libraries", String.join(",", region.libraries()));
        properties.put("quarkus.rest-client.hub.url", "https://127.0.0.1:" + settings.hubPort());
        properties.put("quarkus.rest-client.hub.tls-configuration-name", TRUST_CONFIGURATION);
        properties.put("quarkus.rest-client.hub-rights.tls-configuration-name", TRUST_CONFIGURATION);
        properties.putAll(settings.regionProperties());
        return properties;
    }

    /**
     * Stops what an earlier run in this work directory left behind when its JVM was killed without running its
     * shutdown hook (children marked with this work directory, its PostgreSQL). {@link #start} does it too.
     */
    public static void stopLeftovers(Path workDir) {
        ChildProcess.stopStrays(workDir);
    }

    public Settings settings() {
        return settings;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    /**
     * The access token a caller of this URL would hold in the demo realm: the demo library system of the region
     * serving the library in the path, the region's operator console, the hub's service account for federation calls;
     * at the hub, the national monitor for reads and a region's service account otherwise.
     */
    public String tokenFor(String method, URI uri) {
        String path = uri.getPath();
        if (uri.getPort() == settings.hubPort()) {
            return keycloak.token("GET".equalsIgnoreCase(method) ? KeycloakServer.MONITOR_CLIENT
                    : KeycloakServer.regionClient(settings.regions().get(0).id()));
        }
        Region region = settings.regions().stream().filter(r -> r.port() == uri.getPort()).findFirst().orElse(null);
        if (region == null) {
            return null;
        }
        if (path.startsWith("/api/v1/libraries/")) {
            String library = path.substring("/api/v1/libraries/".length()).split("/")[0];
            Region serving = settings.regions().stream().filter(r -> r.libraries().contains(library)).findFirst()
                    .orElse(region);
            return keycloak.token(KeycloakServer.libraryClient(serving.id()));
        }
        if (path.startsWith("/api/v1/operator/")) {
            return keycloak.token(KeycloakServer.operatorClient(region.id()));
        }
        if (path.startsWith("/api/v1/federation/")) {
            return keycloak.token(KeycloakServer.HUB_CLIENT);
        }
        if (path.startsWith("/api/")) {
            return keycloak.token(KeycloakServer.libraryClient(region.id()));
        }
        return null;
    }

    public ServiceProcess hub() {
        return hub;
    }

    /** The regional center of a region id, e.g. {@code seoul}. */
    public ServiceProcess region(String id) {
        ServiceProcess region = regions.get(id);
        if (region == null) {
            throw new IllegalArgumentException("no region " + id + "; regions: " + regions.keySet());
        }
        return region;
    }

    /**
     * Stops one regional center (SIGTERM, then waits until the process is gone) while everything else keeps running,
     * as when a region's center is down. {@link #startRegion} brings it back.
     */
    public void stopRegion(String id) {
        ServiceProcess region = region(id);
        region.stop();
        log("%s stopped", region.name());
    }

    /**
     * Kills one regional center at once ({@code kill -9} on its process tree), as a crash would: no graceful
     * shutdown, so whatever it committed but had not yet published is left in its database. {@link #startRegion}
     * brings it back.
     */
    public void killRegion(String id) {
        ServiceProcess region = region(id);
        region.kill();
        log("%s killed", region.name());
    }

    /** Stops the national hub (SIGTERM, then waits until it is gone); {@link #startHub} brings it back. */
    public void stopHub() {
        hub.stop();
        log("%s stopped", hub.name());
    }

    /**
     * Kills the national hub at once ({@code kill -9} on its process tree), as a crash would: no graceful shutdown.
     * {@link #startHub} brings it back.
     */
    public void killHub() {
        hub.kill();
        log("%s killed", hub.name());
    }

    /**
     * The SIP2 gateway for self-check kiosks: its ports, the kiosks and their passwords of this run. Null until the
     * regional centers are ready during {@link #start}.
     */
    public Sip2Gateway gateway() {
        return gateway;
    }

    /** Stops the SIP2 gateway (SIGTERM, then waits until it is gone); {@link #startGateway} brings it back. */
    public void stopGateway() {
        gateway.stop();
        log("%s stopped", GATEWAY);
    }

    /** Kills the SIP2 gateway at once ({@code kill -9} on its process tree); {@link #startGateway} brings it back. */
    public void killGateway() {
        gateway.kill();
        log("%s killed", GATEWAY);
    }

    /**
     * Starts the SIP2 gateway again (same ports, kiosks and passwords) and waits until it is ready; no-op when
     * running.
     */
    public void startGateway() {
        if (gateway.isRunning()) {
            return;
        }
        long t0 = System.nanoTime();
        gateway.start();
        log("%s ready again: SIP2 on 127.0.0.1:%d (%d ms)", GATEWAY, gateway.sip2Port(), millisSince(t0));
    }

    /** Starts the national hub again (same port, database, settings) and waits until ready; no-op when running. */
    public void startHub() {
        if (hub.isRunning()) {
            return;
        }
        long t0 = System.nanoTime();
        hub.start();
        log("%s ready again on %s (%d ms)", hub.name(), hub.baseUrl(), millisSince(t0));
    }

    /**
     * Starts again whatever a test left stopped: Keycloak, the Kafka broker, then the hub, the regional centers and the
     * SIP2 gateway. Returns what it started (e.g. {@code [kafka, national-hub]}), empty when everything was running.
     */
    public List<String> startStopped() {
        List<String> started = new ArrayList<>();
        if (keycloak != null && !keycloak.isRunning()) {
            keycloak.start();
            started.add("keycloak");
        }
        if (kafka != null && !kafka.isRunning()) {
            kafka.start();
            started.add("kafka");
        }
        if (hub != null && !hub.isRunning()) {
            startHub();
            started.add(HUB);
        }
        started.addAll(startStoppedRegions());
        if (gateway != null && !gateway.isRunning()) {
            startGateway();
            started.add(GATEWAY);
        }
        return started;
    }

    /**
     * Starts a stopped regional center again, with the same port, database and settings, and returns once it is
     * ready. Does nothing when it is running.
     */
    public void startRegion(String id) {
        ServiceProcess region = region(id);
        if (region.isRunning()) {
            return;
        }
        long t0 = System.nanoTime();
        region.start();
        log("%s ready again on %s (%d ms)", region.name(), region.baseUrl(), millisSince(t0));
    }

    /**
     * Stops a regional center until the returned outage is closed, which starts it again:
     * {@code try (Federation.RegionOutage outage = federation.regionOutage("seoul")) { ... }}.
     */
    public RegionOutage regionOutage(String id) {
        stopRegion(id);
        return new RegionOutage(this, id);
    }

    /** A regional center stopped by {@link #regionOutage}; {@link #close()} starts it again and waits until ready. */
    public record RegionOutage(Federation federation, String regionId) implements AutoCloseable {
        @Override
        public void close() {
            federation.startRegion(regionId);
        }
    }

    /** Starts again every regional center that is not running (e.g. after a test stopped one); returns their ids. */
    public List<String> startStoppedRegions() {
        List<String> started = new ArrayList<>();
        for (Map.Entry<String, ServiceProcess> region : regions.entrySet()) {
            if (!region.getValue().isRunning()) {
                startRegion(region.getKey());
                started.add(region.getKey());
            }
        }
        return started;
    }

    /**
     * Every log file the federation writes: one per service, the SIP2 gateway's included
     * ({@code <workDir>/logs/<service>.log}), and the Kafka broker's ({@code <workDir>/kafka/kafka.log}, with
     * {@code kafka-format.log} beside it).
     */
    public List<Path> logFiles() {
        List<Path> files = new ArrayList<>();
        Path logs = settings.workDir().toAbsolutePath().resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> paths = Files.walk(logs)) {
                paths.filter(Files::isRegularFile).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("could not list " + logs, e);
            }
        }
        if (kafka != null) {
            Path kafkaDir = kafka.logFile().getParent();
            try (Stream<Path> paths = Files.list(kafkaDir)) {
                paths.filter(path -> Files.isRegularFile(path) && path.getFileName().toString().endsWith(".log"))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("could not list " + kafkaDir, e);
            }
        }
        return files;
    }

    /** The regional center serving a library code. */
    public ServiceProcess regionOfLibrary(String libraryCode) {
        return settings.regions().stream()
                .filter(region -> region.libraries().contains(libraryCode))
                .findFirst()
                .map(region -> region(region.id()))
                .orElseThrow(() -> new IllegalArgumentException("no region serves library " + libraryCode));
    }

    /** The hub first, then the regional centers (the REST services; the SIP2 gateway is {@link #gateway()}). */
    public List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>();
        if (hub != null) {
            all.add(hub);
        }
        all.addAll(regions.values());
        return all;
    }

    /** Stops the services and the SIP2 gateway (side by side), then Kafka, then PostgreSQL, then Keycloak. */
    @Override
    public void close() {
        Shutdown.unregister(this);
        RuntimeException failure = null;
        List<ServiceProcess> services = new ArrayList<>();
        if (gateway != null) {
            services.add(gateway.process());
        }
        services.addAll(services());
        services.forEach(ServiceProcess::signalStop);
        for (ServiceProcess service : services) {
            try {
                service.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (kafka != null) {
            try {
                kafka.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (keycloak != null) {
            try {
                keycloak.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "federation in " + settings.workDir();
    }

    static void log(String format, Object... args) {
        System.out.printf("[federation] " + format + "%n", args);
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
