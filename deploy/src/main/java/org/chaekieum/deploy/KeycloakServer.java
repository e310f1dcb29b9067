package org.chaekieum.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak (the distribution from Maven Central) as a child process, with the federation's realm from
 * {@code deploy/keycloak/chaekieum-realm.json}: the demo library systems, an operator console per region, the national
 * monitor, the services' own accounts and the SIP2 gateway's, the national dashboard's client and its demo people (a
 * national monitor, Gyeonggi's operator). Every client secret and demo password is generated at start and handed to
 * Keycloak (realm placeholders) and to the services through environment variables: there is no secret or password in
 * the code or in the realm file. The realm is imported afresh at every start (Keycloak's own H2 store in its work directory is wiped).
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "chaekieum";
    /** The realm's clients; each secret comes from the environment variable {@link #secretVariable}. */
    public static final List<String> CLIENTS = List.of("ils-seoul-demo", "ils-gyeonggi-demo", "operator-seoul",
            "operator-gyeonggi", "national-monitor", "region-seoul", "region-gyeonggi", "national-hub",
            "sip2-gateway", "national-dashboard");
    public static final String HUB_CLIENT = "national-hub";
    /** The SIP2 gateway's own account: a library system (role library-system) of every demo library. */
    public static final String GATEWAY_CLIENT = "sip2-gateway";
    public static final String MONITOR_CLIENT = "national-monitor";
    /**
     * The national dashboard's confidential client: the hub logs people in with it (authorization code flow) on its
     * pages under /dashboard. Its redirect URIs name the hub's port ({@code CHAEKIEUM_HUB_PORT} in the realm file).
     */
    public static final String DASHBOARD_CLIENT = "national-dashboard";
    /** The demo people of the dashboard: a national monitor and Gyeonggi's regional operator (attribute region). */
    public static final String MONITOR_USER = "monitor";
    public static final String GYEONGGI_OPERATOR_USER = "operator-gyeonggi";
    /** The realm's demo users; each password is generated at start and reaches Keycloak as {@link #passwordVariable}. */
    public static final List<String> USERS = List.of(MONITOR_USER, GYEONGGI_OPERATOR_USER);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final HttpClient HTTP = LocalTrust.httpClient().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final int port;
    private final Map<String, String> secrets;
    private final Map<String, String> passwords;
    private final ChildProcess process;
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();

    private record CachedToken(String value, long expiresAtNanos) {
    }

    private final Path realmFile;
    private final Path home;

    private KeycloakServer(int port, Map<String, String> secrets, Map<String, String> passwords, ChildProcess process,
                           Path realmFile, Path home) {
        this.port = port;
        this.secrets = Map.copyOf(secrets);
        this.passwords = Map.copyOf(passwords);
        this.process = process;
        this.realmFile = realmFile;
        this.home = home;
    }

    /**
     * Unpacks the distribution into {@code <workDir>/keycloak} (once; kept across runs, as Keycloak's first start
     * builds itself there) and prepares a server on the given port, whose dashboard client lets people back to the
     * national hub's pages on {@code hubPort}. It serves HTTPS only, with a certificate of {@code ca} for 127.0.0.1
     * and localhost (issued now; Keycloak's plain HTTP listener is off).
     */
    public static KeycloakServer create(FederationLayout layout, Path workDir, int port, int hubPort,
                                        LocalCertificateAuthority ca) {
        LocalCertificateAuthority.IssuedCertificate certificate = ca.issueServerCertificate("keycloak", "127.0.0.1",
                "localhost");
        Path home = unpack(layout.keycloakDistribution(), workDir.toAbsolutePath().resolve("keycloak"));
        SecureRandom random = new SecureRandom();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String client : CLIENTS) {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            secrets.put(client, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : USERS) {
            byte[] bytes = new byte[12];
            random.nextBytes(bytes);
            passwords.put(user, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        secrets.forEach((client, secret) -> environment.put(secretVariable(client), secret));
        passwords.forEach((user, password) -> environment.put(passwordVariable(user), password));
        environment.put("CHAEKIEUM_HUB_PORT", Integer.toString(hubPort));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("JAVA_OPTS_APPEND", ChildProcess.MARKER_PROPERTY + workDir.toAbsolutePath() + "/keycloak");
        environment.put("KC_HEALTH_ENABLED", "false");
        environment.put("KC_METRICS_ENABLED", "false");
        // Production mode ("start"): in development mode Keycloak opens plain HTTP on 8080 even with
        // --http-enabled=false, which broke the promise of TLS only and kept two federations from running at once.
        // The realm's own file database and a local cache, as the development mode had them.
        List<String> command = List.of("bash", home.resolve("bin").resolve("kc.sh").toString(), "start",
                "--db=dev-file", "--cache=local", "--hostname-strict=false",
                "--http-host=127.0.0.1", "--http-enabled=false", "--https-port=" + port,
                "--https-certificate-file=" + certificate.certificate(),
                "--https-certificate-key-file=" + certificate.privateKey(), "--http-management-port=" + Ports.free(),
                "--import-realm", "--log-level=WARN,org.keycloak.exportimport:INFO,org.keycloak.quarkus:INFO");
        ChildProcess process = new ChildProcess("keycloak", command, home,
                workDir.toAbsolutePath().resolve("logs").resolve("keycloak.log"), environment);
        return new KeycloakServer(port, secrets, passwords, process,
                layout.root().resolve("deploy").resolve("keycloak").resolve(REALM + "-realm.json"), home);
    }

    /** The service account of a regional center, e.g. region-seoul. */
    public static String regionClient(String regionId) {
        return "region-" + regionId;
    }

    /** The demo library system of a region's libraries, e.g. ils-seoul-demo. */
    public static String libraryClient(String regionId) {
        return "ils-" + regionId + "-demo";
    }

    /** The operator console of a region, e.g. operator-seoul. */
    public static String operatorClient(String regionId) {
        return "operator-" + regionId;
    }

    /** The environment variable that holds a client's secret, e.g. CHAEKIEUM_SECRET_ILS_SEOUL_DEMO. */
    public static String secretVariable(String clientId) {
        return "CHAEKIEUM_SECRET_" + clientId.toUpperCase().replace('-', '_');
    }

    /** The environment variable that holds a demo user's password, e.g. CHAEKIEUM_PASSWORD_MONITOR. */
    public static String passwordVariable(String user) {
        return "CHAEKIEUM_PASSWORD_" + user.toUpperCase().replace('-', '_');
    }

    /** Starts Keycloak with a freshly imported realm and waits until the realm's discovery document answers. */
    public void start() {
        Ports.requireFree(port, "keycloak");
        try {
            Federation.deleteRecursively(home.resolve("data").resolve("h2"));
            Path imports = Files.createDirectories(home.resolve("data").resolve("import"));
            Files.copy(realmFile, imports.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Keycloak's realm import", e);
        }
        Shutdown.register(this);
        process.start();
        process.awaitReady(START_TIMEOUT, Duration.ofMillis(500), "ready (" + issuer() + ")",
                () -> ServiceProcess.statusOf(issuer() + "/.well-known/openid-configuration") == 200);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    /** The realm's issuer URL, which is also the services' {@code quarkus.oidc.auth-server-url}. */
    public String issuer() {
        return "https://127.0.0.1:" + port + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** The generated secret of a client of the realm. */
    public String secret(String clientId) {
        String secret = secrets.get(clientId);
        if (secret == null) {
            throw new IllegalArgumentException("no client " + clientId + " in the realm; clients: " + CLIENTS);
        }
        return secret;
    }

    /** The generated password of a demo user of the realm ({@link #USERS}). */
    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no demo user " + user + " in the realm; users: " + USERS);
        }
        return password;
    }

    /** An access token of a client (client credentials), reused until shortly before it expires. */
    public String token(String clientId) {
        CachedToken cached = tokens.get(clientId);
        if (cached != null && System.nanoTime() < cached.expiresAtNanos()) {
            return cached.value();
        }
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret(clientId), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher m = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("Keycloak refused a token to " + clientId + ": "
                        + response.statusCode() + " " + response.body());
            }
            // Tokens live 300 s in this realm; take a new one after 240 s.
            tokens.put(clientId, new CachedToken(m.group(1), System.nanoTime() + Duration.ofSeconds(240).toNanos()));
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not reach Keycloak at " + tokenEndpoint(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void stop() {
        process.stop(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        Shutdown.unregister(this);
        stop();
    }

    /** Unpacks the zip into {@code target} unless a complete earlier unpacking is there; returns Keycloak's home. */
    static Path unpack(Path zip, Path target) {
        Path done = target.resolve(".unpacked-" + zip.getFileName());
        try {
            if (!Files.exists(done)) {
                Federation.deleteRecursively(target);
                Files.createDirectories(target);
                try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                    for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                        Path path = target.resolve(entry.getName()).normalize();
                        if (!path.startsWith(target)) {
                            throw new IOException("bad entry " + entry.getName());
                        }
                        if (entry.isDirectory()) {
                            Files.createDirectories(path);
                        } else {
                            Files.createDirectories(path.getParent());
                            Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                Files.writeString(done, zip.toString());
            }
            try (var homes = Files.list(target)) {
                return homes.filter(Files::isDirectory)
                        .filter(dir -> Files.exists(dir.resolve("bin").resolve("kc.sh")))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no bin/kc.sh under " + target));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack Keycloak from " + zip + " into " + target, e);
        }
    }

    @Override
    public String toString() {
        return "keycloak on " + issuer();
    }
}
