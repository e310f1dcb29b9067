package org.chaekieum.adapter.kolas;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.chaekieum.adapter.sip2.GatewayTestResource;
import org.chaekieum.testsupport.KolasClient;
import org.chaekieum.testsupport.KolasClient.Answer;
import org.chaekieum.testsupport.KolasClient.Frame;
import org.junit.jupiter.api.Test;

/**
 * The KOLAS listener as the client meets it, with a regional center that does not answer: the port assignment, the
 * health probe, SQL refused, ERROR frames with codes in the documented scheme, a storm of malformed envelopes and
 * frames that each get NAK or an ERROR and never stop the listener, and the allow-list. The flows against real
 * services are in deploy's KolasLibraryIT.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayTestResource.class, restrictToAnnotatedClass = false)
class KolasListenerTest {

    private static final byte[] ACK = {0x02, 0x06, 0x03};
    private static final byte[] NAK = {0x02, 0x15, 0x03};

    @Inject
    KolasServer server;

    @Inject
    MeterRegistry metrics;

    private KolasClient client() {
        return new KolasClient("127.0.0.1", server.port("test"), 5_000);
    }

    @Test
    void thePortAssignmentNamesThisListenerAndTheHealthProbeAnswersTest() {
        KolasClient kolas = client();
        int[] worker = kolas.assignPort();
        assertThat(worker[1]).isEqualTo(server.port("test"));

        Answer probe = kolas.send(Frame.of("IL_K26_LOC_B01_SERVICE", "서비스명", "LCT", "쿼리", "SELECT 'TEST' FROM DUAL"));
        assertThat(probe.command()).isEqualTo("IL_K26_LOC_B01_SERVICE");
        assertThat(probe.value("TEST")).isEqualTo("TEST");
    }

    @Test
    void anyOtherQueryIsRefusedAndNeverRun() {
        Answer answer = client().send(Frame.of("IL_K26_LOC_B01_SERVICE", "서비스명", "TCT", "쿼리",
                "DELETE FROM CO_LOAN_USER_TBL", "컬럼갯수", "1", "코드", "2"));
        assertThat(answer.isError()).isTrue();
        assertThat(answer.errorCode()).isEqualTo("MK26LCTB01SY02").hasSize(14);
    }

    @Test
    void unknownCommandsAndForeignLibrariesGetErrorFramesInTheDocumentedScheme() {
        KolasClient kolas = client();
        Answer unknown = kolas.send(Frame.of("IL_K99_LOC_B01_SERVICE", "통합대출자번호", "11100126000019"));
        assertThat(unknown.isError()).isTrue();
        assertThat(unknown.errorCode()).isEqualTo("MK99LCTB01SY01");

        Answer regional = kolas.send(Frame.of("LILL_K02_LOC_B02_SERVICE", "LOCAL_KEY", "1"));
        assertThat(regional.errorCode()).isEqualTo("MK02LCTB02SY01");

        Answer foreign = kolas.send(Frame.of("IL_K27_LOC_B01_SERVICE", "도서관부호", "141001"));
        assertThat(foreign.isError()).isTrue();
        assertThat(foreign.errorCode()).isEqualTo("MK27LCTB01SY04");
        assertThat(foreign.value("MSG")).contains("141001");

        Answer cap = kolas.send(Frame.of("IL_K27_LOC_B01_SERVICE", "도서관부호", "111001"));
        assertThat(cap.isError()).isFalse();
        assertThat(cap.value("지역내통합대출가능책수")).isEqualTo("20");
    }

    @Test
    void aRegionThatDoesNotAnswerIsAnMiddlewareErrorSoKolasKeepsItsQueuedReport() {
        Answer answer = client().send(Frame.of("IL_K10_LOC_B01_SERVICE", "통합대출자번호", "11100126000019",
                "대출도서관", "111001", "대출일", "2026/11/30 9:3:7", "반납예정일", "2026/12/14 23:59:59", "상태", "0",
                "등록번호", "EM0000000001", "서명", "책 '이음' & <제목>", "로컬KEY", "L-1"));
        assertThat(answer.isError()).isTrue();
        assertThat(answer.errorCode()).isEqualTo("MK10LCTB01MW01");
    }

    @Test
    void missingFieldsAreRefusedBeforeAnythingIsAsked() {
        Answer answer = client().send(Frame.of("IL_K10_LOC_B01_SERVICE", "통합대출자번호", "11100126000019",
                "대출도서관", "111001", "대출일", "어제", "등록번호", "EM0000000001", "로컬KEY", "L-1"));
        assertThat(answer.errorCode()).isEqualTo("MK10LCTB01SY03");
        Answer noKey = client().send(Frame.of("IL_K11_LOC_B01_SERVICE", "대출도서관부호", "111001",
                "반납일", "2026/11/30 10:00:00"));
        assertThat(noKey.errorCode()).isEqualTo("MK11LCTB01SY03");
        assertThat(noKey.value("MSG")).contains("로컬KEY");
    }

    @Test
    void aThousandMalformedEnvelopesAndFramesAreEachRefusedAndTheListenerKeepsServing() throws Exception {
        Random random = new Random(13);
        KolasClient kolas = client();
        String good = Frame.of("IL_K26_LOC_B01_SERVICE", "쿼리", "SELECT 'TEST' FROM DUAL").text();
        int naks = 0;
        int errors = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = malformed(i, random, good);
            if (i % 10 == 9) {
                // A well-formed frame with a command not served, sent as the client does (it ACKs the answer).
                Answer error = kolas.sendTo("127.0.0.1", server.port("test"), unwrap(bytes));
                assertThat(error.isError()).as("case %d", i).isTrue();
                assertThat(error.errorCode()).as("case %d", i).matches("MK\\d{2}LCTB01SY01");
                errors++;
                continue;
            }
            byte[] answer = kolas.raw(bytes, i % 10 == 3); // case 3 stops short of its declared length
            if (startsWith(answer, NAK)) {
                naks++;
            } else if (startsWith(answer, ACK)) {
                // a well-formed frame with a bad command: an ERROR frame after the ACK
                String text = new String(answer, 3, answer.length - 3, StandardCharsets.UTF_8);
                assertThat(text).as("case %d", i).contains("<Command>ERROR</Command>");
                errors++;
            } else {
                assertThat(answer).as("case %d gets NAK, or ACK then an ERROR: %s", i,
                        new String(answer, StandardCharsets.UTF_8)).isEmpty();
                // nothing at all: only for the cases that never complete an envelope (closed at the read timeout)
            }
        }
        assertThat(naks).isGreaterThan(600);
        assertThat(errors).isGreaterThan(50);
        Answer probe = kolas.send(Frame.of("IL_K26_LOC_B01_SERVICE", "쿼리", "SELECT 'TEST' FROM DUAL"));
        assertThat(probe.value("TEST")).isEqualTo("TEST");
    }

    /** The i-th bad input: wrong start, bad header, bad length, too long, bad ETX, not UTF-8, not XML, bad command. */
    private static byte[] malformed(int i, Random random, String good) {
        byte[] payload = good.getBytes(StandardCharsets.UTF_8);
        return switch (i % 10) {
            case 0 -> concat(new byte[] {(byte) random.nextInt(256)}, KolasClient.envelope(payload)); // no STX first
            case 1 -> replace(KolasClient.envelope(payload), 1, (byte) ('A' + random.nextInt(26))); // header not digits
            case 2 -> ("\u0002" + "1\u0001" + "x" + "</Frame>").getBytes(StandardCharsets.ISO_8859_1); // length not digits
            case 3 -> ("\u00022\u000199" + "<Frame/>" + "\u0003").getBytes(StandardCharsets.UTF_8); // declared too long
            case 4 -> ("\u00029\u0001999999999" + "x").getBytes(StandardCharsets.US_ASCII); // over the limit
            case 5 -> replace(KolasClient.envelope(payload), KolasClient.envelope(payload).length - 1,
                    (byte) 'Z'); // no ETX after the payload
            case 6 -> KolasClient.envelope(randomBytes(random, 1 + random.nextInt(200))); // garbage payload
            case 7 -> KolasClient.envelope(("<Frame><Header><Command>IL_K08</Command></Header><Body><Body1><Record0>"
                    + "<이름>" + random.nextInt()).getBytes(StandardCharsets.UTF_8)); // unclosed XML
            case 8 -> KolasClient.envelope(("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Frame><Header>"
                    + "<Command>&e;</Command></Header></Frame>").getBytes(StandardCharsets.UTF_8)); // an entity
            default -> KolasClient.envelope(good.replace("IL_K26_LOC_B01_SERVICE", "IL_K" + (50 + random.nextInt(40))
                    + "_LOC_B01_SERVICE").getBytes(StandardCharsets.UTF_8)); // a command not served: ERROR
        };
    }

    @Test
    void aConnectionFromOutsideTheAllowListIsClosedBeforeAnyFrameIsRead() throws IOException {
        double before = refused();
        try (Socket socket = new Socket("127.0.0.1", server.port("walled"))) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("closed by the bridge without a byte").isEqualTo(-1);
        }
        assertThat(refused()).isGreaterThan(before);
    }

    private double refused() {
        var counter = metrics.find("chaekieum.kolas.connections.refused").tag("listener", "walled").counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] unwrap(byte[] envelope) {
        int soh = 0;
        while (envelope[soh] != 0x01) {
            soh++;
        }
        int digits = Integer.parseInt(new String(envelope, 1, soh - 1, StandardCharsets.US_ASCII));
        int length = Integer.parseInt(new String(envelope, soh + 1, digits, StandardCharsets.US_ASCII));
        byte[] payload = new byte[length];
        System.arraycopy(envelope, soh + 1 + digits, payload, 0, length);
        return payload;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] replace(byte[] bytes, int index, byte b) {
        byte[] out = bytes.clone();
        out[index] = b;
        return out;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
