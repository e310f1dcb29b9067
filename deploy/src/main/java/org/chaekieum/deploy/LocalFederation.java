package org.chaekieum.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local run: PostgreSQL, Kafka, Keycloak, the national hub, two regional centers (Seoul, Gyeonggi) and the SIP2
 * gateway with demo kiosks on this machine, with a few demo members, until Ctrl-C. Started by {@code ./run-local.sh}.
 *
 * <p>Settings (system properties, all optional): {@code federation.root} (project root), {@code federation.workDir}
 * (default {@code <root>/.local-federation}), {@code federation.kafka.port} (9092, or the next free one),
 * {@code federation.hub.port} (8090), {@code federation.seoul.port} (8091), {@code federation.gyeonggi.port} (8092),
 * {@code federation.postgres.port} (0: a free one), {@code federation.demoData} (true),
 * {@code federation.gateway.sip2.port} (6001, or the next free one), {@code federation.gateway.port} (the gateway's
 * HTTP port: 8095, or the next free one).
 */
public final class LocalFederation {

    /** A demo key for the identity hash; the same for every region. Local runs only, never a real deployment. */
    /**
     * The identity-hash key of this run: CHAEKIEUM_IDENTITY_HASH_KEY if set, otherwise a random one (the run starts
     * from empty databases, so nothing hashed with an earlier key is left).
     */
    public static String identityHashKey() {
        String configured = System.getenv("CHAEKIEUM_IDENTITY_HASH_KEY");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private LocalFederation() {
    }

    public static void main(String[] args) throws InterruptedException {
        FederationLayout layout = FederationLayout.detect();
        Path workDir = Path.of(System.getProperty("federation.workDir", layout.localWorkDir().toString()));
        Federation.stopLeftovers(workDir);
        int preferredKafkaPort = Integer.getInteger("federation.kafka.port", 9092);
        int kafkaPort = Ports.freeFrom(preferredKafkaPort);
        if (kafkaPort != preferredKafkaPort) {
            Federation.log("port %d is taken: Kafka will listen on %d", preferredKafkaPort, kafkaPort);
        }
        int hubPort = Integer.getInteger("federation.hub.port", 8090);
        int preferredSip2Port = Integer.getInteger("federation.gateway.sip2.port", 6001);
        int sip2Port = Ports.freeFrom(preferredSip2Port);
        if (sip2Port != preferredSip2Port) {
            Federation.log("port %d is taken: the SIP2 gateway will listen on %d", preferredSip2Port, sip2Port);
        }
        int preferredGatewayPort = Integer.getInteger("federation.gateway.port", 8095);
        int gatewayPort = Ports.freeFrom(preferredGatewayPort);
        if (gatewayPort != preferredGatewayPort) {
            Federation.log("port %d is taken: the SIP2 gateway's HTTP will be on %d", preferredGatewayPort, gatewayPort);
        }
        Federation.Settings settings = new Federation.Settings(
                workDir,
                Integer.getInteger("federation.postgres.port", 0),
                kafkaPort,
                hubPort,
                List.of(new Federation.Region("seoul", Integer.getInteger("federation.seoul.port", 8091),
                                List.of("111001", "111002")),
                        new Federation.Region("gyeonggi", Integer.getInteger("federation.gyeonggi.port", 8092),
                                List.of("141001", "141002"))),
                identityHashKey(),
                ServiceProcess.DEFAULT_JVM_OPTIONS,
                Map.of(),
                Map.of(),
                Duration.ofSeconds(Long.getLong("federation.readyTimeoutSeconds", 90)),
                Ports.freeFrom(Integer.getInteger("federation.keycloak.port", 8180)),
                sip2Port,
                gatewayPort,
                Federation.Kiosk.DEFAULTS);

        Federation.log("starting the local federation from %s (work dir %s)", layout.root(), workDir);
        long t0 = System.nanoTime();
        Federation federation;
        try {
            federation = Federation.start(layout, settings);
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("[federation] could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Federation.log("federation ready in %.1f s", (System.nanoTime() - t0) / 1e9);

        List<DemoData.Outcome> demo = Boolean.parseBoolean(System.getProperty("federation.demoData", "true"))
                ? DemoData.load(federation) : List.of();
        printSummary(federation, demo);

        new CountDownLatch(1).await(); // until Ctrl-C; the shutdown hook stops everything
    }

    private static void printSummary(Federation federation, List<DemoData.Outcome> demo) {
        StringBuilder out = new StringBuilder();
        String nl = System.lineSeparator();
        out.append(nl).append("=== Chaekieum local federation is running (Ctrl-C stops everything) ===").append(nl);
        out.append(String.format("%-26s %-42s %-36s %s%n", "service", "API base", "Swagger UI", "health"));
        for (ServiceProcess service : federation.services()) {
            String base = service.baseUrl();
            String api = service == federation.hub() ? base + "/api/v1/national" : base + "/api/v1/libraries";
            out.append(String.format("%-26s %-42s %-36s %s%n", service.name(), api,
                    base + "/q/swagger-ui", base + "/q/health"));
        }
        Sip2Gateway gateway = federation.gateway();
        out.append(String.format("%-26s %-42s %-36s %s%n", Federation.GATEWAY,
                "SIP2 (TCP) 127.0.0.1:" + gateway.sip2Port(), "-", gateway.baseUrl() + "/q/health"));
        out.append(String.format("%-26s %-42s %-36s %s%n", "  KOLAS III bridge",
                "KOLAS local service (TCP) 127.0.0.1:" + federation.kolasPort(), "-",
                "every demo library; clients from 127.0.0.1 only"));
        for (Federation.Region region : federation.settings().regions()) {
            out.append(String.format("  region %-9s libraries %s%n", region.id(), String.join(", ",
                    region.libraries())));
        }
        out.append("  ").append(Federation.GATEWAY).append(": which regional centers answer it ")
                .append(gateway.baseUrl()).append("/q/health/well, metrics ").append(gateway.baseUrl())
                .append("/q/metrics").append(nl);
        out.append("TLS:         every HTTP service and Keycloak serve HTTPS only, the broker SASL_SSL only, with")
                .append(" certificates of this run's CA ").append(federation.caCertificate()).append(nl)
                .append("             (curl: export CURL_CA_BUNDLE=").append(federation.caCertificate())
                .append("; a browser: import it as a trusted authority, or accept the warning)").append(nl);
        out.append("Kafka:       ").append(federation.kafka().bootstrapServers()).append(nl);
        out.append("PostgreSQL:  ");
        for (String database : federation.postgres().databases()) {
            out.append(federation.postgres().jdbcUrl(database)).append("  ");
        }
        out.append(nl).append("             (TLS only, verified against the CA above; user postgres, password of this run in")
                .append(" PGPASSWORD of the file below; psql: set -a; . <that file>; set +a; PGSSLMODE=verify-full")
                .append(" PGSSLROOTCERT=").append(federation.caCertificate()).append(" psql -h localhost -p ")
                .append(federation.postgres().port()).append(" -U postgres hub)").append(nl);
        out.append("Logs:        ").append(federation.settings().workDir().toAbsolutePath().resolve("logs"))
                .append(" and ").append(federation.kafka().logFile()).append(nl);

        KeycloakServer keycloak = federation.keycloak();
        out.append("Keycloak:    ").append(keycloak.issuer()).append("  (realm from deploy/keycloak; client secrets")
                .append(" generated for this run, also in ").append(writeSecrets(federation)).append(")").append(nl);
        for (String client : KeycloakServer.CLIENTS) {
            out.append(String.format("  %-18s secret %s%n", client, keycloak.secret(client)));
        }
        out.append("National dashboard: ").append(federation.hub().baseUrl()).append("/dashboard")
                .append("  (log in at Keycloak's page; passwords generated for this run, also in the file above)")
                .append(nl);
        out.append(String.format("  %-18s password %-18s national monitor: every region and library%n",
                KeycloakServer.MONITOR_USER, keycloak.password(KeycloakServer.MONITOR_USER)));
        out.append(String.format("  %-18s password %-18s regional operator of gyeonggi: its region and libraries only%n",
                KeycloakServer.GYEONGGI_OPERATOR_USER, keycloak.password(KeycloakServer.GYEONGGI_OPERATOR_USER)));

        String seoul = federation.region("seoul").baseUrl();
        String hub = federation.hub().baseUrl();
        String firstNumber = null;
        if (!demo.isEmpty()) {
            out.append(nl).append("Demo members:").append(nl);
            for (DemoData.Outcome outcome : demo) {
                DemoData.DemoMember member = outcome.member();
                if (outcome.memberNumber() != null) {
                    out.append(String.format("  %s  %s at %s (identity key %s, HTTP %d)%n", outcome.memberNumber(),
                            member.name(), member.libraryCode(), member.identityKey(), outcome.status()));
                    if (firstNumber == null) {
                        firstNumber = outcome.memberNumber();
                    }
                } else {
                    out.append(String.format("  could not enroll %s at %s: HTTP %d %s%n", member.name(),
                            member.libraryCode(), outcome.status(), abbreviate(outcome.body())));
                }
            }
        }
        String number = firstNumber != null ? firstNumber : "<memberNumber>";
        out.append(nl).append("Try (every API call needs a token; Seoul's demo library system acts for 111001 and 111002):")
                .append(nl);
        out.append("  export CURL_CA_BUNDLE=").append(federation.caCertificate()).append(nl);
        out.append("  TOKEN=$(curl -s ").append(keycloak.tokenEndpoint())
                .append(" -d grant_type=client_credentials -d client_id=ils-seoul-demo -d client_secret=")
                .append(keycloak.secret("ils-seoul-demo")).append(" | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')")
                .append(nl);
        out.append("  GYEONGGI_TOKEN=$(curl -s ").append(keycloak.tokenEndpoint())
                .append(" -d grant_type=client_credentials -d client_id=ils-gyeonggi-demo -d client_secret=")
                .append(keycloak.secret("ils-gyeonggi-demo")).append(" | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')")
                .append(nl);
        out.append("  curl -s -X POST ").append(seoul).append("/api/v1/libraries/111002/members \\").append(nl)
                .append("    -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\").append(nl)
                .append("    -d '{\"name\":\"홍길동\",\"birthDate\":\"1990-05-01\",\"phone\":\"010-1234-5678\",")
                .append("\"address\":\"서울시 중구 세종대로 110\",\"identityKey\":\"CI-TRY-0001\",\"category\":\"FULL\",")
                .append("\"consents\":{\"personalData\":true,\"thirdPartyTransfer\":true}}'").append(nl);
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(seoul).append("/api/v1/libraries/111001/members/")
                .append(number).append(nl);
        out.append("  # the same token at a Gyeonggi library is refused with 403 LIBRARY_NOT_PERMITTED; no token: 401").append(nl);
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(federation.region("gyeonggi").baseUrl())
                .append("/api/v1/libraries/141001/members/").append(number).append(nl);
        out.append("  # the national views need the national-monitor client's token, e.g. ").append(hub)
                .append("/api/v1/national/members/").append(number).append(nl);
        out.append("  # with ils-gyeonggi-demo's token, the same identity key in Gyeonggi is refused with 409 IDENTITY_ALREADY_ENROLLED:")
                .append(nl);
        out.append("  curl -s -X POST ").append(federation.region("gyeonggi").baseUrl())
                .append("/api/v1/libraries/141001/members -H \"Authorization: Bearer $GYEONGGI_TOKEN\" -H 'Content-Type: application/json' \\").append(nl)
                .append("    -d '{\"name\":\"김서연\",\"birthDate\":\"1988-03-14\",\"phone\":\"010-2345-6789\",")
                .append("\"identityKey\":\"CI-DEMO-SEOUL-0001\",\"category\":\"FULL\",")
                .append("\"consents\":{\"personalData\":true,\"thirdPartyTransfer\":true}}'").append(nl);
        appendKiosks(out, federation, demo);
        System.out.println(out);
    }

    /** A demo item of library 111001: $ + library code + a 12-character registration number. */
    static final String DEMO_ITEM = "$111001EM0000000001";

    /**
     * The demo kiosks with their passwords of this run, and a checkout at kiosk-111001 in one line of bash (its
     * /dev/tcp is the TCP client every fresh machine has): login (93), then checkout (11) of {@link #DEMO_ITEM} for a
     * demo member of 111001; the answers are 941 (logged in) and 121... (checked out, with the due date).
     */
    private static void appendKiosks(StringBuilder out, Federation federation, List<DemoData.Outcome> demo) {
        String nl = System.lineSeparator();
        Sip2Gateway gateway = federation.gateway();
        out.append(nl).append("Self-check kiosks (SIP2 on 127.0.0.1:").append(gateway.sip2Port())
                .append("; passwords generated for this run, only their hashes are in ")
                .append(gateway.accountsFile()).append("):").append(nl);
        out.append(String.format("  %-22s %-8s %-7s %-4s %-30s %s%n", "login", "library", "charset", "lang",
                "operations", "password"));
        for (Federation.Kiosk kiosk : gateway.kiosks()) {
            String operations = kiosk.operations().stream().sorted().map(Enum::name)
                    .reduce((a, b) -> a + "," + b).orElse("-") + (kiosk.errorDetection() ? " +AY/AZ" : "");
            out.append(String.format("  %-22s %-8s %-7s %-4s %-30s %s%n", kiosk.login(), kiosk.library(),
                    kiosk.charset(), kiosk.language(), operations, gateway.password(kiosk.login())));
        }
        String member = demo.stream()
                .filter(outcome -> "111001".equals(outcome.member().libraryCode()) && outcome.memberNumber() != null)
                .map(DemoData.Outcome::memberNumber).findFirst().orElse("<member number of 111001>");
        out.append(nl).append("Try a checkout at kiosk-111001 (bash; answers: 941 = logged in, 121... = checked out,")
                .append(" due date in AH, screen text in AF):").append(nl);
        out.append("  ").append(checkoutOneLiner(gateway.sip2Port(), "kiosk-111001", gateway.password("kiosk-111001"),
                "111001", member, DEMO_ITEM)).append(nl);
    }

    /**
     * One line of bash that logs a kiosk in and checks an item out, printing both answers. The values are pasted
     * inside single quotes: the password is URL-safe base64 and the barcode's {@code $} stays literal there.
     */
    static String checkoutOneLiner(int port, String login, String password, String institution, String member,
                                   String item) {
        String read = "IFS= read -r -t 15 -d $'\\r' a <&3; echo \"$a\"";
        return "exec 3<>/dev/tcp/127.0.0.1/" + port + "; printf '9300CN" + login + "|CO" + password + "|CP|\\r' >&3; "
                + read + "; printf '11NN%s%18sAO" + institution + "|AA" + member + "|AB" + item + "|\\r' "
                + "\"$(date +'%Y%m%d    %H%M%S')\" '' >&3; " + read + "; exec 3<&-";
    }

    /**
     * The generated client secrets and the dashboard's demo passwords as shell variables, readable only by the owner,
     * for scripts against the run.
     */
    private static Path writeSecrets(Federation federation) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String client : KeycloakServer.CLIENTS) {
            variables.put(KeycloakServer.secretVariable(client), federation.keycloak().secret(client));
        }
        for (String user : KeycloakServer.USERS) {
            variables.put(KeycloakServer.passwordVariable(user), federation.keycloak().password(user));
        }
        variables.put("PGPASSWORD", federation.postgres().password());
        Path file = federation.settings().workDir().toAbsolutePath().resolve("client-secrets.env");
        try {
            writeSecrets(file, variables);
        } catch (IOException | UnsupportedOperationException e) {
            Federation.log("could not write %s: %s", file, e);
        }
        return file;
    }

    /**
     * Shell variables ({@code NAME=value} lines) in a file that only its owner can read, from the moment it is created
     * ({@link OwnerOnlyFile}).
     */
    static void writeSecrets(Path file, Map<String, String> variables) throws IOException {
        StringBuilder lines = new StringBuilder();
        variables.forEach((name, value) -> lines.append(name).append('=').append(value).append(System.lineSeparator()));
        OwnerOnlyFile.write(file, lines.toString());
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
