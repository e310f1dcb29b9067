package org.chaekieum.adapter.sip2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.adapter.sip2.GatewayTestResource.PASSWORD;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.chaekieum.adapter.kiosk.KioskPasswords;
import org.chaekieum.testsupport.KioskClient;
import org.chaekieum.testsupport.KioskClient.Answer;
import org.junit.jupiter.api.Test;

/**
 * The listener as kiosks meet it, with a regional center that does not answer: login first, the protocol's answers for
 * what is not supported, error detection, character sets, the limits, reloaded accounts, and a storm of bad frames
 * that closes nothing but its own requests. The flows against a real regional center are in deploy's KioskAtTheDeskIT
 * tests.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayTestResource.class, restrictToAnnotatedClass = false)
class GatewayListenerTest {

    private static final String DATE = "20261130    093000";

    @Inject
    Sip2Server server;

    private KioskClient kiosk() {
        return KioskClient.connect(server.port());
    }

    private KioskClient loggedIn(String login) {
        KioskClient kiosk = kiosk();
        assertThat(kiosk.login(login, PASSWORD, "1F").text()).isEqualTo("941");
        return kiosk;
    }

    @Test
    void aKioskMustLogInFirstAndAWrongLoginCanDoNothingElse() {
        try (KioskClient kiosk = kiosk()) {
            assertThat(kiosk.status().text()).isEqualTo("940");
            assertThat(kiosk.login("kiosk-a", "wrong", "1F").text()).isEqualTo("940");
            assertThat(kiosk.checkout("111001", "11100126000019", "$111001EM0000000001").text()).isEqualTo("940");
            assertThat(kiosk.login("kiosk-a", PASSWORD, "2F").text()).as("a location it may not use").isEqualTo("940");
            // The third wrong login ends the connection.
            assertThat(kiosk.login("nobody", PASSWORD, "1F").text()).isEqualTo("940");
            assertThat(kiosk.closedByPeer()).isTrue();
        }
        try (KioskClient kiosk = loggedIn("kiosk-a")) {
            assertThat(kiosk.status().command()).isEqualTo("98");
        }
    }

    @Test
    void statusSaysOfflineAndWhatIsSupportedWhileTheRegionDoesNotAnswer() {
        try (KioskClient kiosk = loggedIn("kiosk-a")) {
            Answer status = kiosk.status();
            assertThat(status.command()).isEqualTo("98");
            assertThat(status.flag(0)).as("on-line").isEqualTo('N');
            assertThat(status.flag(1)).as("checkin ok").isEqualTo('N');
            assertThat(status.flag(2)).as("checkout ok").isEqualTo('N');
            assertThat(status.fixed(30, 4)).isEqualTo("2.00");
            assertThat(status.field("BX", KioskClient.ACS_STATUS)).contains(Sip2Command.SUPPORTED_MESSAGES);
            assertThat(status.field("AO", KioskClient.ACS_STATUS)).contains("111001");
            assertThat(status.screen(KioskClient.ACS_STATUS)).contains("잠시 후 다시");
        }
    }

    @Test
    void everyCirculationMessageGetsAnAnswerNotAHangWhenTheRegionIsDown() {
        try (KioskClient kiosk = loggedIn("kiosk-a")) {
            Answer checkout = kiosk.checkout("111001", "11100126000019", "$111001EM0000000001");
            assertThat(checkout.text()).startsWith("120");
            assertThat(checkout.screen(KioskClient.CHECKOUT_RESPONSE)).contains("잠시 후 다시");
            Answer checkin = kiosk.checkin("111001", "$111001EM0000000001");
            assertThat(checkin.text()).startsWith("100");
            assertThat(checkin.flag(3)).as("alert: keep the item aside").isEqualTo('Y');
            assertThat(kiosk.patronStatus("111001", "11100126000019", "").field("BL",
                    KioskClient.PATRON_STATUS_RESPONSE)).contains("N");
            assertThat(kiosk.patronInformation("111001", "11100126000019", "", 1, 5).command()).isEqualTo("64");
            assertThat(kiosk.itemInformation("111001", "$111001EM0000000001").command()).isEqualTo("18");
            assertThat(kiosk.renew("111001", "11100126000019", "$111001EM0000000001").text()).startsWith("300");
            assertThat(kiosk.renewAll("111001", "11100126000019").text()).startsWith("660");
            assertThat(kiosk.endSession("111001", "11100126000019").text()).startsWith("36Y");
        }
    }

    @Test
    void messagesNotImplementedGetTheirOwnResponseWithFailureAndTheConnectionStays() {
        try (KioskClient kiosk = loggedIn("kiosk-b")) {
            assertThat(kiosk.send("37" + DATE + "0100KRWBV100|AO111001|AA11100126000019|").text())
                    .startsWith("38N").contains("AF지원하지 않는 기능");
            assertThat(kiosk.send("15+" + DATE + "AO111001|AA11100126000019|AB$111001EM0000000001|").text())
                    .startsWith("160N");
            assertThat(kiosk.send("19" + DATE + "AO111001|AB$111001EM0000000001|").text()).startsWith("200");
            assertThat(kiosk.send("25" + DATE + "AO111001|AA11100126000019|").text()).startsWith("26")
                    .contains("BLN|");
            assertThat(kiosk.send("01N" + DATE + "AO111001|ALcard retained|AA11100126000019|").text())
                    .startsWith("24");
            // A command no specification defines: 96, "send again"; the kiosk's retries get the same.
            assertThat(kiosk.send("45" + DATE).text()).isEqualTo("96");
            assertThat(kiosk.status().command()).isEqualTo("98");
        }
    }

    @Test
    void aKioskSpeaksSip2OverTlsWithTheCertificateFromTheTlsRegistry() throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(GatewayTestResource.keyStore())) {
            store.load(in, GatewayTestResource.KEY_STORE_PASSWORD.toCharArray());
        }
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory
                .getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                .createSocket("127.0.0.1", server.tlsPort());
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        try (KioskClient kiosk = KioskClient.over(socket, StandardCharsets.UTF_8, false)) {
            assertThat(kiosk.login("kiosk-a", PASSWORD, "1F").text()).isEqualTo("941");
            assertThat(kiosk.status().command()).isEqualTo("98");
        }
        // The plain listener does not speak TLS, nor the TLS one plain SIP2: a plain kiosk there gets nothing.
        try (KioskClient plain = KioskClient.connect(server.tlsPort())) {
            assertThat(plain.sendRaw("9300CNkiosk-a|CO|CP|\r".getBytes(StandardCharsets.US_ASCII)).command())
                    .isNotEqualTo("94");
        }
    }

    @Test
    void requestResendGivesTheLastAnswerAgain() {
        try (KioskClient kiosk = loggedIn("kiosk-b")) {
            Answer status = kiosk.status();
            assertThat(kiosk.requestResend().text()).isEqualTo(status.text());
        }
    }

    @Test
    void errorDetectionIsCheckedAndAnsweredWithTheSameSequenceNumber() {
        try (KioskClient kiosk = KioskClient.connect("127.0.0.1", server.port(), StandardCharsets.UTF_8, true)) {
            assertThat(kiosk.login("kiosk-checked", PASSWORD, "").text()).startsWith("941AY0AZ");
            Answer status = kiosk.status();
            assertThat(status.text()).contains("AY1AZ");
            assertThat(status.checksumValid()).isTrue();
            byte[] good = kiosk.frame("9900302.00", 2);
            byte[] bad = good.clone();
            bad[bad.length - 2] = (byte) (bad[bad.length - 2] == '0' ? '1' : '0');
            assertThat(kiosk.sendRaw(bad).text()).startsWith("96");
            assertThat(kiosk.sendRaw("9900302.00\r".getBytes(StandardCharsets.US_ASCII)).text())
                    .as("this kiosk must send error detection").startsWith("96");
            assertThat(kiosk.sendRaw(good).text()).startsWith("98").contains("AY2AZ");
        }
    }

    @Test
    void anEucKrKioskReadsKoreanScreenMessages() {
        Charset eucKr = Charset.forName("EUC-KR");
        try (KioskClient kiosk = KioskClient.connect("127.0.0.1", server.port(), eucKr, false)) {
            assertThat(kiosk.login("kiosk-euckr", PASSWORD, "").text()).isEqualTo("941");
            Answer checkout = kiosk.checkout("111002", "11100226000017", "$111002EM0000000001");
            assertThat(checkout.screen(KioskClient.CHECKOUT_RESPONSE))
                    .isEqualTo("지금은 처리할 수 없습니다. 잠시 후 다시 시도하거나 데스크에 문의해 주세요.");
            // A message in the kiosk's character set with Korean in a field is read, not refused.
            assertThat(kiosk.send("2300020261130    093000AO도서관|AA11100226000017|AC|AD|").command())
                    .isEqualTo("24");
        }
    }

    @Test
    void aKioskLimitedToReturnsCannotLendAndSpeaksEnglish() {
        try (KioskClient kiosk = loggedIn("kiosk-en")) {
            Answer checkout = kiosk.checkout("111002", "11100226000017", "$111002EM0000000001");
            assertThat(checkout.text()).startsWith("120");
            assertThat(checkout.screen(KioskClient.CHECKOUT_RESPONSE)).isEqualTo("This kiosk cannot do that. Please see the desk.");
        }
    }

    @Test
    void aKioskHoldsAtMostItsConnections() {
        try (KioskClient first = loggedIn("kiosk-single"); KioskClient second = kiosk()) {
            assertThat(second.login("kiosk-single", PASSWORD, "").text()).isEqualTo("940");
            first.close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (KioskClient third = kiosk()) {
                    assertThat(third.login("kiosk-single", PASSWORD, "").text()).isEqualTo("941");
                }
            });
        }
    }

    @Test
    void anOverlongMessageIsRefusedAndAHalfMessageTimesOut() {
        try (KioskClient kiosk = loggedIn("kiosk-b")) {
            kiosk.write(("23" + "x".repeat(5000)).getBytes(StandardCharsets.US_ASCII));
            assertThat(kiosk.read().text()).isEqualTo("96");
            // The rest of the long message up to its CR is dropped; the connection goes on.
            kiosk.write("yyyy\r".getBytes(StandardCharsets.US_ASCII));
            assertThat(kiosk.status().command()).isEqualTo("98");
        }
        try (KioskClient kiosk = loggedIn("kiosk-b")) {
            kiosk.write("9900".getBytes(StandardCharsets.US_ASCII));
            assertThat(kiosk.closedByPeer()).as("closed after the read timeout").isTrue();
        }
    }

    @Test
    void accountsAreReloadedWithoutRestartAndABrokenFileChangesNothing() throws Exception {
        try {
            GatewayTestResource.write(GatewayTestResource.accounts(),
                    ", {\"login\": \"kiosk-new\", \"passwordHash\": \"" + KioskPasswords.hash(PASSWORD.toCharArray())
                    + "\", \"library\": \"111001\"}");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (KioskClient kiosk = kiosk()) {
                    assertThat(kiosk.login("kiosk-new", PASSWORD, "").text()).isEqualTo("941");
                }
            });
            Files.writeString(GatewayTestResource.accounts(), "{\"kiosks\": [ {\"login\": \"broken\" ");
            Files.setLastModifiedTime(GatewayTestResource.accounts(),
                    FileTime.fromMillis(System.currentTimeMillis() + 200_000));
            try (KioskClient kiosk = kiosk()) {
                assertThat(kiosk.login("kiosk-new", PASSWORD, "").text()).isEqualTo("941");
            }
        } finally {
            // The kiosk accounts the other tests log in with, whatever happened above.
            GatewayTestResource.write(GatewayTestResource.accounts(), "");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (KioskClient kiosk = kiosk()) {
                assertThat(kiosk.login("kiosk-new", PASSWORD, "").text()).isEqualTo("940");
            }
        });
    }

    @Test
    void aThousandRandomAndTruncatedFramesCloseNothingButThemselves() throws Exception {
        Random random = new Random(20261130);
        String[] valid = {
                "9900302.00", "23020" + DATE + "AO111001|AA11100126000019|AC|AD|",
                "11NN" + DATE + " ".repeat(18) + "AO111001|AA11100126000019|AB$111001EM0000000001|",
                "09N" + DATE + DATE + "AP1|AO111001|AB$111001EM0000000001|", "17" + DATE + "AO111001|AB$1|",
                "9300CNkiosk-b|CO" + PASSWORD + "|CP|", "97",
        };
        List<String> outcomes = new ArrayList<>();
        try (KioskClient bystander = loggedIn("kiosk-a")) {
            int answered = 0;
            int closed = 0;
            KioskClient fuzzer = loggedIn("kiosk-b");
            for (int i = 0; i < 1000; i++) {
                byte[] frame = fuzzFrame(random, valid[random.nextInt(valid.length)]);
                Answer answer = fuzzer.sendRaw(frame);
                if (answer.closed()) {
                    closed++;
                    fuzzer.close();
                    fuzzer = loggedIn("kiosk-b");
                } else {
                    answered++;
                    outcomes.add(answer.command());
                }
                if (i % 100 == 0) {
                    assertThat(bystander.status().command()).as("the other kiosk is served").isEqualTo("98");
                }
            }
            fuzzer.close();
            assertThat(answered + closed).isEqualTo(1000);
            assertThat(outcomes).contains("96");
            assertThat(bystander.status().command()).isEqualTo("98");
        }
        try (KioskClient late = loggedIn("kiosk-a")) {
            assertThat(late.status().command()).isEqualTo("98");
        }
    }

    /** A valid message cut, mangled or replaced by noise, always ending in CR (the kiosk's terminator). */
    private static byte[] fuzzFrame(Random random, String valid) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(4)) {
            case 0 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    if (bytes.length > 0) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                }
            }
            case 2 -> {
                bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
            }
            default -> {
                String digits = String.format("%02d", random.nextInt(100));
                bytes = (digits + valid.substring(Math.min(2, valid.length()))).getBytes(StandardCharsets.UTF_8);
            }
        }
        if (new String(bytes, StandardCharsets.ISO_8859_1).replace("\n", "").replace("\r", "").isBlank()) {
            // A blank line is not a message: kiosks send CR LF, and the gateway skips what is left between them.
            bytes = new byte[] {'X'};
        }
        byte[] frame = new byte[bytes.length + 1];
        for (int i = 0; i < bytes.length; i++) {
            frame[i] = bytes[i] == '\r' ? (byte) ' ' : bytes[i];
        }
        frame[bytes.length] = '\r';
        return frame;
    }
}
