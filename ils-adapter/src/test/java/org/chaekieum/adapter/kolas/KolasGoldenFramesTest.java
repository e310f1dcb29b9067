package org.chaekieum.adapter.kolas;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.chaekieum.adapter.sip2.GatewayTestResource;
import org.chaekieum.testsupport.KolasClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The golden frames ({@code src/test/resources/kolas/golden}, written by hand from KOLAS-FRAMES.md): every command the
 * bridge implements, sent as KOLAS III sends it (port assignment, then the request in its envelope on a new
 * connection) to the {@code golden} listener, whose libraries (141001, 141002) belong to the stand-in regional center
 * {@code gyeonggi} ({@link StandInRegion}, canned answers in {@code kolas/region}). Each answer must be ACK first, then
 * an envelope {@code 02 <digits> 01 <L> payload 03} whose payload equals the golden response byte for byte; and the
 * region must have been asked exactly the calls each command needs, with the bodies and Idempotency-Keys the writes
 * need.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayTestResource.class, restrictToAnnotatedClass = false)
class KolasGoldenFramesTest {

    private static final byte STX = 0x02;
    private static final byte SOH = 0x01;
    private static final byte ETX = 0x03;
    private static final byte[] ACK = {STX, 0x06, ETX};
    private static final byte[] NAK = {STX, 0x15, ETX};
    private static final String PORT_ASSIGNMENT = "33-s0001-port-assignment";
    private static final String A = "14100126000018";
    private static final String API = "/api/v1";

    /** What the region must be asked for each golden request, in order ("METHOD path", the path decoded). */
    private static final Map<String, List<String>> REGION_CALLS = Map.ofEntries(
            entry("01-k26-probe", List.of()),
            entry("02-k02-register", List.of("POST " + API + "/libraries/141001/members")),
            entry("03-k02-duplicate-person", List.of("POST " + API + "/libraries/141001/members")),
            entry("04-k02-own-number-import", List.of(
                    "POST " + API + "/libraries/141001/members/14100226000045/import")),
            entry("05-k02-birth-year-only", List.of()),
            entry("06-k08-by-number", List.of("GET " + API + "/libraries/141001/members/" + A)),
            entry("07-k08-by-loan-library-and-registration", List.of(
                    "GET " + API + "/libraries/141002/items/$141002EM0000000707/loan",
                    "GET " + API + "/libraries/141001/members/14100126000022")),
            entry("08-k08-member-of-another-library", List.of(
                    "GET " + API + "/libraries/141001/members/14100226000079")),
            entry("09-k08-not-found", List.of("GET " + API + "/libraries/141001/members/14100126000993")),
            entry("10-k48-joined-libraries", List.of("GET " + API + "/members/" + A + "/loans",
                    "GET " + API + "/libraries/141001/members/" + A)),
            entry("11-k29-suspension", List.of("GET " + API + "/libraries/141001/members/14100126000022")),
            entry("12-k27-region-cap", List.of()),
            entry("13-k43-library-settings", List.of("GET " + API + "/libraries/141001/policy")),
            entry("14-k04-loans-national", List.of("GET " + API + "/members/" + A + "/loans")),
            entry("15-k09-loans-regional", List.of("GET " + API + "/members/" + A + "/loans")),
            entry("16-k42-loans-combined", List.of("GET " + API + "/members/" + A + "/loans")),
            entry("17-k20-loan-of-item", List.of("GET " + API + "/members/" + A + "/loans")),
            entry("18-k16-library-search", List.of()),
            entry("19-k17-region-libraries", List.of()),
            entry("20-k18-transit-list", List.of("GET " + API + "/libraries/141001/transits")),
            entry("21-k19-transit-shipped", List.of("GET " + API + "/libraries/141001/transits",
                    "POST " + API + "/libraries/141001/items/$111001EM0000000505/transit")),
            entry("22-k10-loan-report", List.of("PUT " + API + "/libraries/141001/loan-reports/KL-141001-0010")),
            entry("23-k11-return-report", List.of(
                    "PUT " + API + "/libraries/141001/loan-reports/KL-141001-0001/return")),
            entry("24-k21-undo-loan", List.of("DELETE " + API + "/libraries/141001/loan-reports/KL-141001-0010")),
            entry("25-k22-undo-return", List.of(
                    "DELETE " + API + "/libraries/141001/loan-reports/KL-141001-0001/return")),
            entry("26-k23-change-loan", List.of("PATCH " + API + "/libraries/141001/loan-reports/KL-141001-0001")),
            entry("27-k46-own-key", List.of("PUT " + API + "/libraries/141002/loan-reports/KL-141002-0007/return")),
            entry("28-k46-loan-id", List.of("GET " + API + "/members/" + A + "/loans",
                    "POST " + API + "/libraries/141001/returns")),
            entry("29-k28-suspended", List.of("POST " + API + "/libraries/141001/members/" + A + "/suspensions")),
            entry("30-k28-lifted", List.of("POST " + API + "/libraries/141001/members/" + A + "/suspension-lifts")),
            entry("31-k24-update-member", List.of("PATCH " + API + "/libraries/141001/members/" + A)),
            entry("32-k06-withdraw", List.of("POST " + API + "/libraries/141001/members/14100126000060/withdrawal")),
            entry(PORT_ASSIGNMENT, List.of()),
            entry("34-nak-unclosed-frame", List.of()),
            entry("35-unknown-command", List.of()));

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KolasServer server;

    private static boolean warm;

    /**
     * One read first, so that no test's first write is the cold call that fetches the token and builds the client:
     * with the test profile's 1 s call timeout, that call can time out and be retried, and the region's member writes
     * carry no Idempotency-Key (the stand-in then sees the POST twice; reported as a bug of the desk's retried writes).
     */
    @BeforeEach
    void forgetWhatTheRegionReceived() throws IOException {
        if (!warm) {
            exchange(golden("06-k08-by-number.request"));
            warm = true;
        }
        StandInRegion.clear();
    }

    private int port() {
        return server.port("golden");
    }

    @Test
    void everyGoldenRequestIsAnsweredByteForByteAndAsksTheRegionWhatItNeeds() throws IOException {
        List<String> names = cases();
        assertThat(names).as("a golden pair for every case, and a case for every golden pair")
                .containsExactlyInAnyOrderElementsOf(REGION_CALLS.keySet());
        SoftAssertions softly = new SoftAssertions();
        for (String name : names) {
            StandInRegion.clear();
            byte[] request = golden(name + ".request");
            byte[] expected = golden(name + ".response");
            byte[] answer;
            if (PORT_ASSIGNMENT.equals(name)) {
                answer = portAssignment(request);
                expected = new String(expected, StandardCharsets.UTF_8).replace("${PORT}", Integer.toString(port()))
                        .getBytes(StandardCharsets.UTF_8);
            } else if (name.contains("-nak-")) {
                answer = refused(request);
            } else {
                answer = exchange(request);
            }
            softly.assertThat(new String(answer, StandardCharsets.UTF_8)).as("%s: the answer", name)
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            softly.assertThat(answer).as("%s: the answer's bytes", name).isEqualTo(expected);
            softly.assertThat(StandInRegion.received().stream().map(r -> r.method() + " " + r.path()).toList())
                    .as("%s: what the region was asked", name).isEqualTo(REGION_CALLS.get(name));
        }
        softly.assertAll();
        assertThat(StandInRegion.tokensIssued()).as("the region's calls carry the stand-in's token").isPositive();
    }

    @Test
    void aLoanReportSentTwiceIsOneWriteByItsIdempotencyKeyWithTheKoreanTimeInUtc() throws IOException {
        byte[] request = golden("22-k10-loan-report.request");
        byte[] expected = golden("22-k10-loan-report.response");
        assertThat(exchange(request)).isEqualTo(expected);
        assertThat(exchange(request)).isEqualTo(expected);

        List<StandInRegion.Received> received = StandInRegion.received();
        assertThat(received).hasSize(2);
        for (StandInRegion.Received put : received) {
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.path()).isEqualTo(API + "/libraries/141001/loan-reports/KL-141001-0010");
            assertThat(put.header("Authorization")).isEqualTo("Bearer t");
            JsonNode body = json(put);
            assertThat(body.path("memberNumber").asText()).isEqualTo(A);
            assertThat(body.path("itemBarcode").asText()).isEqualTo("$141001EM0000000111");
            // 대출일 2026/12/01 8:5:7 in Korean time (unpadded, as some KOLAS calls write it) is the evening before in UTC.
            assertThat(Instant.parse(body.path("checkedOutAt").asText()))
                    .isEqualTo(Instant.parse("2026-11-30T23:05:07Z"));
            // 반납예정일 2026/12/14 23:59:59: the date, as the desk gave it.
            assertThat(body.path("dueOn").asText()).isEqualTo("2026-12-14");
        }
        String key = received.get(0).header("Idempotency-Key");
        assertThat(key).as("Idempotency-Key").isNotBlank().matches("[!-~]{1,128}");
        assertThat(received.get(1).header("Idempotency-Key")).as("the same report, the same key").isEqualTo(key);

        // A different report never shares the key: the same loan's undo, and the same loan reported with another date.
        StandInRegion.clear();
        exchange(golden("24-k21-undo-loan.request"));
        exchange(text(golden("22-k10-loan-report.request")).replace("2026/12/01 8:5:7", "2026/12/01 8:5:8")
                .getBytes(StandardCharsets.UTF_8));
        List<StandInRegion.Received> others = StandInRegion.received();
        assertThat(others).hasSize(2);
        assertThat(others).allSatisfy(r -> assertThat(r.header("Idempotency-Key")).isNotBlank().isNotEqualTo(key));
        assertThat(others.get(0).header("Idempotency-Key")).isNotEqualTo(others.get(1).header("Idempotency-Key"));
    }

    @Test
    void returnReportsAndChangesCarryWhatTheDeskSaidAndAKey() throws IOException {
        exchange(golden("23-k11-return-report.request"));
        exchange(golden("25-k22-undo-return.request"));
        exchange(golden("26-k23-change-loan.request"));
        exchange(golden("27-k46-own-key.request"));
        exchange(golden("28-k46-loan-id.request"));
        List<StandInRegion.Received> received = StandInRegion.received();
        assertThat(received).extracting(StandInRegion.Received::method)
                .containsExactly("PUT", "DELETE", "PATCH", "PUT", "GET", "POST");
        assertThat(received).filteredOn(r -> !"GET".equals(r.method()))
                .allSatisfy(r -> assertThat(r.header("Idempotency-Key")).as("%s", r).isNotBlank());

        JsonNode k11 = json(received.get(0));
        assertThat(k11.path("returnedAtLibrary").asText()).isEqualTo("141001");
        assertThat(Instant.parse(k11.path("returnedAt").asText())).isEqualTo(Instant.parse("2026-12-02T09:30:00Z"));

        JsonNode k23 = json(received.get(2));
        assertThat(k23.path("dueOn").asText()).isEqualTo("2026-12-18");

        // K46 for a library the bridge serves, by its own key: a return report at the lending library.
        JsonNode ownKey = json(received.get(3));
        assertThat(received.get(3).path()).isEqualTo(API + "/libraries/141002/loan-reports/KL-141002-0007/return");
        assertThat(ownKey.path("returnedAtLibrary").asText()).isEqualTo("141001");
        assertThat(Instant.parse(ownKey.path("returnedAt").asText())).isEqualTo(Instant.parse("2026-11-30T05:05:00Z"));

        // K46 by the federation's loan id: the item returned anywhere, at the returning library.
        assertThat(received.get(5).path()).isEqualTo(API + "/libraries/141001/returns");
        assertThat(json(received.get(5)).path("itemBarcode").asText()).isEqualTo("$111001EM0000000303");
    }

    @Test
    void membersAreRegisteredImportedUpdatedSuspendedAndWithdrawnWithTheFieldsTheFederationKeeps() throws IOException {
        exchange(golden("02-k02-register.request"));
        exchange(golden("04-k02-own-number-import.request"));
        exchange(golden("29-k28-suspended.request"));
        exchange(golden("31-k24-update-member.request"));
        exchange(golden("32-k06-withdraw.request"));
        exchange(golden("21-k19-transit-shipped.request"));
        List<StandInRegion.Received> received = StandInRegion.received();
        assertThat(received).hasSize(7);

        JsonNode enrol = json(received.get(0));
        assertThat(enrol.path("memberNumber").asText()).isEqualTo("14100126000037");
        assertThat(enrol.path("name").asText()).isEqualTo("최새봄");
        assertThat(enrol.path("birthDate").asText()).isEqualTo("1985-10-09");
        assertThat(enrol.path("phone").asText()).isEqualTo("010-3333-4444");
        assertThat(enrol.path("identityKey").asText()).isEqualTo("CI-NEW-0037");
        assertThat(enrol.path("category").asText()).isEqualTo("FULL");
        assertThat(enrol.path("consents").path("personalData").asBoolean()).isTrue();

        // Another library's number: the registration is the import (반입), with the identity verified at the desk.
        JsonNode imported = json(received.get(1));
        assertThat(received.get(1).path()).endsWith("/members/14100226000045/import");
        assertThat(imported.path("identityKey").asText()).isEqualTo("CI-OF-D-0045");
        assertThat(imported.path("consents").path("transfer").asBoolean()).isTrue();
        assertThat(imported.path("requestedBy").asText()).isEqualTo("KOLAS III 141001");

        JsonNode suspension = json(received.get(2));
        assertThat(suspension.path("libraryCode").asText()).isEqualTo("141001");
        assertThat(suspension.path("suspendedUntil").asText()).isEqualTo("2099-01-15");

        JsonNode update = json(received.get(3));
        assertThat(update.path("phone").asText()).isEqualTo("010-9876-5432");
        assertThat(update.path("address").isNull() || update.path("address").isMissingNode())
                .as("an address KOLAS did not send stays as it is").isTrue();
        assertThat(update.path("status").isNull() || update.path("status").isMissingNode()).isTrue();

        assertThat(json(received.get(4)).path("requestedBy").asText()).isEqualTo("KOLAS III 141001");

        assertThat(received.get(6).path()).isEqualTo(API + "/libraries/141001/items/$111001EM0000000505/transit");
        assertThat(json(received.get(6)).path("state").asText()).isEqualTo("SHIPPED");
    }

    // ---- the exchanges, as KOLAS III makes them ------------------------------------------------------------------

    /** Port assignment, then the request on a new connection to the assigned port: ACK, the answer's payload. */
    private byte[] exchange(byte[] request) throws IOException {
        int worker = assignedPort();
        try (Socket socket = connect(worker)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(KolasClient.envelope(request));
            out.flush();
            assertThat(hex(in.readNBytes(3))).as("ACK first").isEqualTo(hex(ACK));
            byte[] payload = envelope(in);
            out.write(ACK);
            out.flush();
            assertThat(in.read()).as("the session ends at the client's ACK").isEqualTo(-1);
            return payload;
        }
    }

    /** A request the bridge cannot read: the 3 bytes it answers (NAK), and then the session ends. */
    private byte[] refused(byte[] request) throws IOException {
        int worker = assignedPort();
        try (Socket socket = connect(worker)) {
            socket.getOutputStream().write(KolasClient.envelope(request));
            socket.getOutputStream().flush();
            byte[] answer = socket.getInputStream().readNBytes(3);
            assertThat(hex(answer)).as("NAK").isEqualTo(hex(NAK));
            assertThat(socket.getInputStream().read()).as("nothing after NAK").isEqualTo(-1);
            return answer;
        }
    }

    private int assignedPort() throws IOException {
        String answer = text(portAssignment(golden(PORT_ASSIGNMENT + ".request")));
        int from = answer.indexOf("<PORT>") + "<PORT>".length();
        return Integer.parseInt(answer.substring(from, answer.indexOf("</PORT>", from)));
    }

    /** The port assignment: the answer's envelope without an ACK first, then the bridge ends the session. */
    private byte[] portAssignment(byte[] request) throws IOException {
        try (Socket socket = connect(port())) {
            socket.getOutputStream().write(KolasClient.envelope(request));
            socket.getOutputStream().flush();
            byte[] payload = envelope(socket.getInputStream());
            assertThat(socket.getInputStream().read()).as("the port assignment's session ends").isEqualTo(-1);
            return payload;
        }
    }

    /** Reads one answer envelope, checking its shape: {@code 02 <digits of L> 01 <L> <L bytes> 03}. */
    private static byte[] envelope(InputStream in) throws IOException {
        assertThat(in.read()).as("STX").isEqualTo(STX);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != SOH) {
            assertThat(b).as("a digit before SOH").isBetween((int) '0', (int) '9');
            header.write(b);
            assertThat(header.size()).as("header length").isLessThanOrEqualTo(2);
        }
        String digitsText = header.toString(StandardCharsets.US_ASCII);
        assertThat(digitsText).as("the number of digits of L").matches("[1-9]");
        int digits = Integer.parseInt(digitsText);
        String lengthText = new String(in.readNBytes(digits), StandardCharsets.US_ASCII);
        assertThat(lengthText).as("L").matches("[1-9][0-9]{" + (digits - 1) + "}");
        int length = Integer.parseInt(lengthText);
        byte[] payload = in.readNBytes(length);
        assertThat(payload).as("L bytes of payload").hasSize(length);
        assertThat(in.read()).as("ETX after the payload").isEqualTo(ETX);
        return payload;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    // ---- the golden files -----------------------------------------------------------------------------------------

    private static List<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(goldenDirectory())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".request"))
                    .map(n -> n.substring(0, n.length() - ".request".length())).sorted().toList();
        }
    }

    private static byte[] golden(String file) throws IOException {
        return Files.readAllBytes(goldenDirectory().resolve(file));
    }

    private static Path goldenDirectory() {
        URL url = KolasGoldenFramesTest.class.getResource("/kolas/golden/README.md");
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        Path source = Path.of("src", "test", "resources", "kolas", "golden");
        if (!Files.isDirectory(source)) {
            throw new IllegalStateException("golden frames not found (" + url + ")");
        }
        return source;
    }

    private static JsonNode json(StandInRegion.Received received) {
        try {
            return JSON.readTree(received.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + received, e);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
