package org.chaekieum.adapter.sip2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The SIP2 codec: every implemented request read, every response built, checksums, character sets, dates. */
class Sip2CodecTest {

    private static final Charset EUC_KR = Charset.forName("EUC-KR");
    private static final Charset CP949 = Charset.forName("x-windows-949");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void checksumMatchesTheWorkedExampleOfTheSpecification() {
        // 3M SIP2 Developers Guide, the SC status example: 990 402.00AY1AZFCB4
        assertThat(Sip2Checksum.of(bytes("990 402.00AY1AZ"))).isEqualTo("FCB4");
    }

    @Test
    void readsTheSpecificationsStatusExampleWithItsChecksum() throws Exception {
        Sip2Message message = Sip2Message.parse(bytes("990 402.00AY1AZFCB4\r"), StandardCharsets.UTF_8, true);
        assertThat(message.command()).isEqualTo("99");
        assertThat(message.fixed()).isEqualTo("0 402.00");
        assertThat(message.sequence()).isEqualTo(1);
        assertThat(message.fields()).isEmpty();
    }

    @Test
    void refusesAWrongChecksumAndAMissingOneWhereRequired() {
        assertThatThrownBy(() -> Sip2Message.parse(bytes("990 402.00AY1AZFCB5\r"), StandardCharsets.UTF_8, false))
                .isInstanceOfSatisfying(Sip2FormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Sip2FormatException.Reason.CHECKSUM));
        assertThatThrownBy(() -> Sip2Message.parse(bytes("990 402.00\r"), StandardCharsets.UTF_8, true))
                .isInstanceOfSatisfying(Sip2FormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Sip2FormatException.Reason.CHECKSUM_MISSING));
    }

    @Test
    void readsEveryImplementedRequest() throws Exception {
        String date = "20261130    093000";
        String[][] requests = {
                {"9300CNkiosk-1|COsecret|CP1F|", "93", "00"},
                {"9900302.00", "99", "00302.00"},
                {"23020" + date + "AO111001|AA11100126000019|AC|AD1234|", "23", "020" + date},
                {"63020" + date + "  Y       AO111001|AA11100126000019|AC|AD|BP1|BQ5|", "63",
                        "020" + date + "  Y       "},
                {"11NN" + date + " ".repeat(18) + "AO111001|AA11100126000019|AB$111001EM0000000001|AC|", "11",
                        "NN" + date + " ".repeat(18)},
                {"09N" + date + date + "AP1F|AO111001|AB$111001EM0000000001|AC|", "09", "N" + date + date},
                {"17" + date + "AO111001|AB$111001EM0000000001|AC|", "17", date},
                {"29NN" + date + " ".repeat(18) + "AO111001|AA11100126000019|AD|AB$111001EM0000000001|AC|", "29",
                        "NN" + date + " ".repeat(18)},
                {"65" + date + "AO111001|AA11100126000019|AD|AC|", "65", date},
                {"35" + date + "AO111001|AA11100126000019|", "35", date},
                {"97", "97", ""},
        };
        for (String[] request : requests) {
            Sip2Message message = Sip2Message.parse(bytes(request[0] + "\r"), StandardCharsets.UTF_8, false);
            assertThat(message.command()).as(request[0]).isEqualTo(request[1]);
            assertThat(message.fixed()).as(request[0]).isEqualTo(request[2]);
            assertThat(message.sequence()).isNull();
        }
        Sip2Message checkout = Sip2Message.parse(bytes(requests[4][0]), StandardCharsets.UTF_8, false);
        assertThat(checkout.value("AA")).isEqualTo("11100126000019");
        assertThat(checkout.value("AB")).isEqualTo("$111001EM0000000001");
        assertThat(checkout.field("AD")).isEmpty();
        assertThat(checkout.value("AC")).isEmpty();
    }

    @Test
    void buildsEveryResponseWithErrorDetectionThatVerifies() throws Exception {
        String date = "20261130    093000";
        Sip2Response[] responses = {
                Sip2Response.of("94").ok(true),
                Sip2Response.of("98").flag(true).flag(true).flag(true).flag(true).flag(false).flag(false)
                        .fixed("100").fixed("003").fixed(date).fixed("2.00").field("AO", "111001")
                        .field("BX", Sip2Command.SUPPORTED_MESSAGES),
                Sip2Response.of("24").fixed(" ".repeat(14)).fixed("020").fixed(date).field("AO", "111001")
                        .field("AA", "11100126000019").field("AE", "김책이").field("BL", "Y"),
                Sip2Response.of("12").ok(true).flag(true).fixed("N").flag(true).fixed(date).field("AO", "111001")
                        .field("AH", Sip2Dates.formatDue(LocalDate.of(2026, 12, 14))),
                Sip2Response.of("10").ok(true).flag(false).fixed("N").flag(true).fixed(date).field("CV", "04"),
                Sip2Response.of("18").fixed("03").fixed("00").fixed("01").fixed(date).field("AB", "x"),
                Sip2Response.of("30").ok(false).fixed("N").fixed("U").fixed("N").fixed(date),
                Sip2Response.of("66").ok(true).count4(2).count4(0).fixed(date).field("BM", "a").field("BM", "b"),
                Sip2Response.of("36").flag(true).fixed(date),
        };
        for (Sip2Response response : responses) {
            for (Charset charset : new Charset[] {StandardCharsets.UTF_8, EUC_KR}) {
                byte[] built = response.build(7, charset);
                assertThat(built[built.length - 1]).isEqualTo((byte) '\r');
                String text = new String(built, 0, built.length - 1, charset);
                assertThat(text).startsWith(response.toString()).contains("AY7AZ");
                byte[] head = Arrays.copyOf(built, built.length - 5);
                assertThat(new String(built, built.length - 5, 4, StandardCharsets.US_ASCII))
                        .isEqualTo(Sip2Checksum.of(head));
            }
        }
        assertThat(new String(Sip2Response.of("94").ok(false).build(null, StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).isEqualTo("940\r");
    }

    @Test
    void koreanNamesRoundTripInUtf8EucKrAndCp949WithChecksumsOverTheBytesSent() throws Exception {
        for (Charset charset : new Charset[] {StandardCharsets.UTF_8, EUC_KR, CP949}) {
            String name = charset.equals(EUC_KR) ? "홍길동 김책이" : "홍길동 똠방각하";
            byte[] answer = Sip2Response.of("24").fixed(" ".repeat(14)).fixed("020").fixed("20261130    093000")
                    .field("AE", name).build(3, charset);
            // The kiosk reads it back: the checksum holds over the bytes in its character set and the name is intact.
            String text = new String(answer, 0, answer.length - 1, charset);
            assertThat(text).contains("AE" + name + "|");
            Sip2Message read = Sip2Message.parse(
                    Sip2Response.of("23").fixed("020").fixed("20261130    093000").field("AO", "한국도서관")
                            .field("AA", "11100126000019").build(4, charset), charset, true);
            assertThat(read.value("AO")).isEqualTo("한국도서관");
            assertThat(read.sequence()).isEqualTo(4);
        }
        // 똠 is outside EUC-KR (KS X 1001) but inside CP949: the older kiosks' Windows code page.
        assertThat(EUC_KR.newEncoder().canEncode("똠")).isFalse();
        assertThat(CP949.newEncoder().canEncode("똠")).isTrue();
    }

    @Test
    void refusesBytesThatAreNotTheKiosksCharacterSet() {
        byte[] notUtf8 = "23020".getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[notUtf8.length + 2];
        System.arraycopy(notUtf8, 0, frame, 0, notUtf8.length);
        frame[notUtf8.length] = (byte) 0xC3;
        frame[notUtf8.length + 1] = (byte) 0x28;
        assertThatThrownBy(() -> Sip2Message.parse(frame, StandardCharsets.UTF_8, false))
                .isInstanceOfSatisfying(Sip2FormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Sip2FormatException.Reason.CHARACTER_SET));
    }

    @Test
    void refusesMalformedFramesCleanly() {
        String[] malformed = {"", "9", "X1abc", "11NN2026", "09N", "2302", "93", "23020" + "\u0000".repeat(30)};
        for (String frame : malformed) {
            assertThatThrownBy(() -> Sip2Message.parse(bytes(frame), StandardCharsets.UTF_8, false))
                    .as("frame '%s'", frame).isInstanceOf(Sip2FormatException.class);
        }
    }

    @Test
    void anUnknownCommandIsReadWithoutFixedFieldsToBeAnsweredAsUnknown() throws Exception {
        Sip2Message message = Sip2Message.parse(bytes("45whatever|"), StandardCharsets.UTF_8, false);
        assertThat(message.command()).isEqualTo("45");
        assertThat(Sip2Command.of("45")).isEmpty();
    }

    @Test
    void valuesCannotBreakTheFrame() {
        String built = Sip2Response.of("24").field("AE", "a|b\rc\nd").toString();
        assertThat(built).isEqualTo("24AEa b c d|");
    }

    @Test
    void supportedMessagesFieldTellsWhatIsImplemented() {
        // patron status, checkout, checkin, block patron (N), SC status, resend, login, patron information,
        // end session, fee paid (N), item information, item status update (N), patron enable (N), hold (N),
        // renew, renew all
        assertThat(Sip2Command.SUPPORTED_MESSAGES).isEqualTo("YYYNYYYYYNYNNNYY");
    }

    @Test
    void datesInTheSpecificationsFormat() {
        ZonedDateTime at = ZonedDateTime.of(2026, 11, 30, 0, 30, 5, 0, ZoneOffset.UTC);
        assertThat(Sip2Dates.format(at)).isEqualTo("20261130    093005");
        assertThat(Sip2Dates.formatDue(LocalDate.of(2026, 12, 14))).isEqualTo("20261214    235959");
        assertThat(Sip2Dates.parse("20261130    093005")).contains(at.withZoneSameInstant(Sip2Dates.LIBRARY_ZONE));
        assertThat(Sip2Dates.parse("20261130   Z003005")).contains(at);
        assertThat(Sip2Dates.parse(" ".repeat(18))).isEmpty();
        assertThat(Sip2Dates.parse("20261331    093005")).isEmpty();
        assertThat(Sip2Dates.parse("2026")).isEmpty();
    }
}
