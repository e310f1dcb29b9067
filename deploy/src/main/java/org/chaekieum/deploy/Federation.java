package org.chaekieum.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * A whole federation on this machine: PostgreSQL (one database per service), a Kafka broker, the national hub and the
 * regional centers, each service a separate process running its packaged jar. Used by {@link LocalFederation} and by
 * the end-to-end tests.
 */
public final class Federation implements AutoCloseable {

    /** A regional center: its id ({@code chaekieum.region.id}), HTTP port and the libraries it serves. */
    public record Region(String id, int port, List<String> libraries) {
        public Region {
            libraries = List.copyOf(libraries);
        }
    }

    /**
     * What to start.
     *
     * @param workDir            logs, Kafka's and PostgreSQL's data; the data directories are wiped at start
     * @param postgresPort       0 for a free port
     * @param kafkaPort          the broker's client port
     * @param hubPort            the national hub's HTTP port
     * @param regions            the regional centers
     * @param identityHashKey    {@code chaekieum.identity.hash-key}, the same for every region (handed over in the
     *                           environment, like the client secrets)
     * @param serviceJvmOptions  JVM options of each service
     * @param hubProperties      further settings of the hub
     * @param regionProperties   further settings of every regional center
     * @param readyTimeout       how long a service may take to become ready
     * @param keycloakPort       the identity provider's HTTP port, 0 for a free one
     */
    public record Settings(Path workDir, int postgresPort, int kafkaPort, int hubPort, List<Region> regions,
                           String identityHashKey, List<String> serviceJvmOptions, Map<String, String> hubProperties,
                           Map<String, String> regionProperties, Duration readyTimeout, int keycloakPort) {

        /** Settings with Keycloak on a free port. */
        public Settings(Path workDir, int postgresPort, int kafkaPort, int hubPort, List<Region> regions,
                        String identityHashKey, List<String> serviceJvmOptions, Map<String, String> hubProperties,
                        Map<String, String> regionProperties, Duration readyTimeout) {
            this(workDir, postgresPort, kafkaPort, hubPort, regions, identityHashKey, serviceJvmOptions, hubProperties,
                    regionProperties, readyTimeout, 0);
        }

        public Settings {
            regions = List.copyOf(regions);
            serviceJvmOptions = List.copyOf(serviceJvmOptions);
            hubProperties = Map.copyOf(hubProperties);
            regionProperties = Map.copyOf(regionProperties);
        }

        public Settings withHubProperties(Map<String, String> properties) {
            return new Settings(workDir, postgresPort, kafkaPort, hubPort, regions, identityHashKey,
                    serviceJvmOptions, properties, regionProperties, readyTimeout, keycloakPort);
        }

        public Settings withRegionProperties(Map<String, String> properties) {
            return new Settings(workDir, postgresPort, kafkaPort, hubPort, regions, identityHashKey,
                    serviceJvmOptions, hubProperties, properties, readyTimeout, keycloakPort);
        }
    }

    public static final String HUB = "national-hub";

    private final FederationLayout layout;
    private final Settings settings;
    private LocalPostgres postgres;
    private KafkaBroker kafka;
    private KeycloakServer keycloak;
    private ServiceProcess hub;
    private final Map<String, ServiceProcess> regions = new LinkedHashMap<>();

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
        Path workDir = settings.workDir().toAbsolutePath();
        ChildProcess.stopStrays(workDir);
        Ports.requireFree(settings.hubPort(), HUB);
        settings.regions().forEach(region -> Ports.requireFree(region.port(), "regional center " + region.id()));
        deleteRecursively(workDir.resolve("kafka"));
        deleteRecursively(workDir.resolve("logs"));
        deleteRecursively(workDir.resolve("apps"));

        long t0 = System.nanoTime();
        keycloak = KeycloakServer.create(layout, workDir,
                settings.keycloakPort() == 0 ? Ports.free() : settings.keycloakPort());
        CompletableFuture<Void> keycloakReady = CompletableFuture.runAsync(keycloak::start);
        kafka = KafkaBroker.create(layout, workDir.resolve("kafka"), settings.kafkaPort());
        CompletableFuture<Void> kafkaReady = CompletableFuture.runAsync(kafka::start);
        List<String> databases = new ArrayList<>();
        databases.add(LocalPostgres.HUB_DATABASE);
        settings.regions().forEach(region -> databases.add(LocalPostgres.regionDatabase(region.id())));
        postgres = LocalPostgres.start(settings.postgresPort(), workDir.resolve("postgres"), databases);
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
        hub = new ServiceProcess(HUB, hubJar, settings.hubPort(), hubProperties(),
                serviceAccountSecret(KeycloakServer.HUB_CLIENT), settings.serviceJvmOptions(), workDir)
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
                    Files.copy(source, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
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

    /** A region's secrets: its service account's and the federation's identity-hash key. */
    private Map<String, String> regionSecrets(Region region) {
        Map<String, String> environment = new LinkedHashMap<>(serviceAccountSecret(KeycloakServer.regionClient(region.id())));
        environment.put("CHAEKIEUM_IDENTITY_HASH_KEY", settings.identityHashKey());
        return environment;
    }

    private Map<String, String> commonProperties(String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.oidc.auth-server-url", keycloak.issuer());
        properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        properties.put("quarkus.datasource.username", LocalPostgres.USER);
        properties.put("quarkus.datasource.password", LocalPostgres.PASSWORD);
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    private Map<String, String> hubProperties() {
        Map<String, String> properties = commonProperties(LocalPostgres.HUB_DATABASE);
        // The hub routes profile transfers (반입) to a member's home region, so it knows every regional center. The
        // hub starts first, but the regions' ports are fixed in the settings. The quotes are part of the key
        // (a map key of @ConfigMapping): chaekieum.hub.regions."seoul".url
        // It also routes a return of another region's item (타관반납) by the region digits of the owning library's
        // code (type 1 digit + REGION 2 digits + serial 3: 141001 -> 41), so it is told each region's digits too.
        for (Region region : settings.regions()) {
            properties.put(hubRegionUrlProperty(region.id()), "http://127.0.0.1:" + region.port());
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
    static java.util.Optional<String> libraryRegionCode(Region region) {
        List<String> codes = region.libraries().stream()
                .filter(code -> code.length() == 6)
                .map(code -> code.substring(1, 3))
                .distinct()
                .toList();
        return codes.size() == 1 ? java.util.Optional.of(codes.get(0)) : java.util.Optional.empty();
    }

    /** The hub's setting for a regional center's URL, e.g. {@code chaekieum.hub.regions."seoul".url}. */
    public static String hubRegionUrlProperty(String regionId) {
        return "chaekieum.hub.regions.\"" + regionId + "\".url";
    }

    private Map<String, String> regionProperties(Region region) {
        Map<String, String> properties = commonProperties(LocalPostgres.regionDatabase(region.id()));
        properties.put("chaekieum.region.id", region.id());
        properties.put("chaekieum.region.libraries", String.join(",", region.libraries()));
        properties.put("quarkus.rest-client.hub.url", "http://127.0.0.1:" + settings.hubPort());
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
    public String tokenFor(String method, java.net.URI uri) {
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
     * Starts again whatever a test left stopped: the Kafka broker, then the hub, then the regional centers. Returns
     * what it started (e.g. {@code [kafka, national-hub]}), empty when everything was running.
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
     * Every log file the federation writes: one per service ({@code <workDir>/logs/<service>.log}) and the Kafka
     * broker's ({@code <workDir>/kafka/kafka.log}, with {@code kafka-format.log} beside it).
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

    /** The hub first, then the regional centers. */
    public List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>();
        if (hub != null) {
            all.add(hub);
        }
        all.addAll(regions.values());
        return all;
    }

    /** Stops the services (side by side), then Kafka, then PostgreSQL, then Keycloak. */
    @Override
    public void close() {
        Shutdown.unregister(this);
        RuntimeException failure = null;
        List<ServiceProcess> services = services();
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
