package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.GYEONGGI;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;

import io.restassured.http.ContentType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.chaekieum.contracts.api.SuspensionRequest;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.LocalPostgres;
import org.chaekieum.testsupport.KioskClient;
import org.chaekieum.testsupport.KioskClient.Answer;
import org.chaekieum.testsupport.RowCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Self-check kiosks at the desk, through the SIP2 gateway, against the real federation (separate processes, real
 * PostgreSQL and Kafka): every message pair a kiosk uses, a member of one region borrowing, renewing and returning
 * at kiosks of two regions, a suspension shown on a kiosk screen of the other region, resends that make one loan, a
 * wrong login, and a storm of bad frames that writes nothing.
 */
@ExtendWith(FederationExtension.class)
class KioskAtTheDeskIT {

    private static final String SEOUL_LIBRARY = "111001";
    private static final String GYEONGGI_LIBRARY = "141001";
    private static final String SEOUL_KIOSK = "kiosk-111001";
    private static final String GYEONGGI_KIOSK = "kiosk-141001";

    private static KioskClient kiosk(Federation federation, String login) {
        KioskClient kiosk = KioskClient.connect(federation.gateway().sip2Port());
        assertThat(kiosk.login(login, federation.gateway().password(login), "").text()).isEqualTo("941");
        return kiosk;
    }

    /** The member's loans as the national monitor sees them (a library system reads only its own members'). */
    private static int activeLoans(Federation federation, String memberNumber) {
        return Circulation.nationalLoans(federation, memberNumber)
                .then().statusCode(200).extract().jsonPath().getInt("activeLoans");
    }

    @Test
    void aGyeonggiMemberBorrowsAtASeoulKioskRenewsAndReturnsAtAGyeonggiKiosk(Federation federation) {
        Circulation.setPolicy(federation, SEOUL_LIBRARY, Circulation.policyWithCap(10));
        String member = Circulation.memberRegisteredAt(federation, GYEONGGI_LIBRARY, List.of(SEOUL_LIBRARY))
                .memberNumber();
        String first = Circulation.newItem(SEOUL_LIBRARY);
        String second = Circulation.newItem(SEOUL_LIBRARY);
        try (KioskClient seoul = kiosk(federation, SEOUL_KIOSK);
             KioskClient gyeonggi = kiosk(federation, GYEONGGI_KIOSK)) {
            Answer status = seoul.status();
            assertThat(status.text()).startsWith("98YYY");

            Answer patron = seoul.patronStatus(SEOUL_LIBRARY, member, "");
            assertThat(patron.command()).isEqualTo("24");
            assertThat(patron.fixed(0, 1)).as("charge privileges not denied").isEqualTo(" ");
            assertThat(patron.field("BL", KioskClient.PATRON_STATUS_RESPONSE)).contains("Y");
            assertThat(patron.field("AE", KioskClient.PATRON_STATUS_RESPONSE).orElse("")).isNotBlank();

            Answer lent = seoul.checkout(SEOUL_LIBRARY, member, first);
            assertThat(lent.text()).as(lent.text()).startsWith("121");
            assertThat(lent.field("AH", KioskClient.CHECKOUT_RESPONSE).orElse("")).hasSize(18);
            assertThat(lent.screen(KioskClient.CHECKOUT_RESPONSE)).startsWith("대출되었습니다");
            assertThat(seoul.checkout(SEOUL_LIBRARY, member, second).text()).startsWith("121");

            Answer item = seoul.itemInformation(SEOUL_LIBRARY, first);
            assertThat(item.fixed(0, 2)).as("charged").isEqualTo("04");
            Answer free = seoul.itemInformation(SEOUL_LIBRARY, Circulation.newItem(SEOUL_LIBRARY));
            assertThat(free.fixed(0, 2)).as("available").isEqualTo("03");

            Answer information = seoul.patronInformation(SEOUL_LIBRARY, member, "", 1, 10);
            assertThat(information.fixed(14 + 3 + 18 + 8, 4)).as("charged items count").isEqualTo("0002");
            assertThat(information.fields("AU", KioskClient.PATRON_INFORMATION_RESPONSE))
                    .containsExactlyInAnyOrder(first, second);
            assertThat(information.fields("BV", KioskClient.PATRON_INFORMATION_RESPONSE)).containsExactly("");
            assertThat(seoul.patronInformation(SEOUL_LIBRARY, member, "", 2, 2)
                    .fields("AU", KioskClient.PATRON_INFORMATION_RESPONSE)).hasSize(1);

            String dueBefore = lent.field("AH", KioskClient.CHECKOUT_RESPONSE).orElseThrow();
            Answer renewed = seoul.renew(SEOUL_LIBRARY, member, first);
            assertThat(renewed.text()).as(renewed.text()).startsWith("301");
            assertThat(renewed.field("AH", KioskClient.RENEW_RESPONSE).orElseThrow()).isGreaterThan(dueBefore);
            // A second renewal (a new message: not the same bytes as the first, which would be a resend).
            Answer again = seoul.send("29NY" + KioskClient.now() + " ".repeat(18) + "AO" + SEOUL_LIBRARY + "|AA"
                    + member + "|AD|AB" + first + "|AC|");
            assertThat(again.text()).startsWith("300");
            assertThat(again.screen(KioskClient.RENEW_RESPONSE)).contains("반납 연기 횟수를 모두 사용");
            // Renew all: the second item is renewed, the first has no renewals left.
            Answer all = seoul.renewAll(SEOUL_LIBRARY, member);
            assertThat(all.text()).as(all.text()).startsWith("66100010001");
            assertThat(all.fields("BM", KioskClient.RENEW_ALL_RESPONSE)).containsExactly(second);
            assertThat(all.fields("BN", KioskClient.RENEW_ALL_RESPONSE)).containsExactly(first);

            // 타관반납: returned at a Gyeonggi kiosk, the Seoul book is in transit home; the kiosk says so.
            Answer returned = gyeonggi.checkin(GYEONGGI_LIBRARY, first);
            assertThat(returned.text()).as(returned.text()).startsWith("1");
            assertThat(returned.flag(0)).as("ok").isEqualTo('1');
            assertThat(returned.flag(3)).as("alert").isEqualTo('Y');
            assertThat(returned.field("AQ", KioskClient.CHECKIN_RESPONSE)).contains(SEOUL_LIBRARY);
            assertThat(returned.field("CT", KioskClient.CHECKIN_RESPONSE)).contains(SEOUL_LIBRARY);
            assertThat(returned.field("CV", KioskClient.CHECKIN_RESPONSE)).contains("04");
            assertThat(returned.screen(KioskClient.CHECKIN_RESPONSE)).contains(SEOUL_LIBRARY).contains("타관반납");
            assertThat(activeLoans(federation, member)).isEqualTo(1);

            Answer home = seoul.checkin(SEOUL_LIBRARY, second);
            assertThat(home.text()).as("ok, resensitize, no alert").startsWith("101YNN");
            assertThat(home.screen(KioskClient.CHECKIN_RESPONSE)).isEqualTo("반납되었습니다.");
            // The same message again (a double scan within the second, bytes identical): the same answer. A later
            // scan, here from another location, is a new return of an item no longer on loan.
            assertThat(seoul.sendSameAgain().text()).isEqualTo(home.text());
            Answer notOnLoan = seoul.send("09N" + KioskClient.now() + KioskClient.now() + "APshelf-cart|AO"
                    + SEOUL_LIBRARY + "|AB" + second + "|");
            assertThat(notOnLoan.text()).startsWith("100");
            assertThat(notOnLoan.screen(KioskClient.CHECKIN_RESPONSE)).isEqualTo("대출 중이 아닌 자료입니다.");
            assertThat(seoul.endSession(SEOUL_LIBRARY, member).text()).startsWith("36Y");
            assertThat(activeLoans(federation, member)).isZero();
        }
    }

    @Test
    void aMemberSuspendedInSeoulIsRefusedAtAGyeonggiKioskWithTheEndDateOnScreen(Federation federation) {
        String member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of(GYEONGGI_LIBRARY))
                .memberNumber();
        LocalDate until = KoreanDay.today().plusDays(10);
        given().baseUri(federation.region(SEOUL).baseUrl()).contentType(ContentType.JSON)
                .body(new SuspensionRequest(SEOUL_LIBRARY, until, "kiosk test"))
                .post("/api/v1/operator/members/{n}/suspensions", member).then().statusCode(201);
        try (KioskClient gyeonggi = kiosk(federation, GYEONGGI_KIOSK)) {
            await("the suspension holds in Gyeonggi").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .untilAsserted(() -> {
                        Answer refused = gyeonggi.checkout(GYEONGGI_LIBRARY, member,
                                Circulation.newItem(GYEONGGI_LIBRARY));
                        assertThat(refused.text()).startsWith("120");
                        assertThat(refused.screen(KioskClient.CHECKOUT_RESPONSE))
                                .isEqualTo(until + "까지 대출정지 중입니다 (정지 도서관 " + SEOUL_LIBRARY + ").");
                    });
            Answer status = gyeonggi.patronStatus(GYEONGGI_LIBRARY, member, "");
            assertThat(status.fixed(0, 1)).as("charge privileges denied").isEqualTo("Y");
            assertThat(status.screen(KioskClient.PATRON_STATUS_RESPONSE)).contains(until.toString());
        }
        assertThat(activeLoans(federation, member)).isZero();
    }

    @Test
    void aResentCheckoutMakesOneLoanWhetherSentAgainAskedFor97OrSentOnANewConnection(Federation federation) {
        Circulation.setPolicy(federation, SEOUL_LIBRARY, Circulation.policyWithCap(10));
        String member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of()).memberNumber();
        String item = Circulation.newItem(SEOUL_LIBRARY);
        Charset eucKr = Charset.forName("EUC-KR");
        String login = "kiosk-111001-euckr";
        byte[] sent;
        Answer first;
        try (KioskClient kiosk = KioskClient.connect("127.0.0.1", federation.gateway().sip2Port(), eucKr, true)) {
            assertThat(kiosk.login(login, federation.gateway().password(login), "").text()).startsWith("941");
            first = kiosk.checkout(SEOUL_LIBRARY, member, item);
            assertThat(first.text()).startsWith("121");
            assertThat(first.checksumValid()).isTrue();
            assertThat(first.screen(KioskClient.CHECKOUT_RESPONSE)).startsWith("Checked out.");
            assertThat(kiosk.sendSameAgain().text()).isEqualTo(first.text());
            assertThat(kiosk.requestResend().text()).isEqualTo(first.text());
            assertThat(kiosk.requestResendWithoutChecksum().text()).isEqualTo(first.text());
            sent = kiosk.frame(KioskClient.checkoutMessage(SEOUL_LIBRARY, member, item, ""), 5);
            assertThat(kiosk.sendRaw(sent).text()).startsWith("121");
        }
        // The answer was lost with the connection: the kiosk connects again and sends the same message.
        try (KioskClient again = KioskClient.connect("127.0.0.1", federation.gateway().sip2Port(), eucKr, true)) {
            assertThat(again.login(login, federation.gateway().password(login), "").text()).startsWith("941");
            assertThat(again.sendRaw(sent).text()).startsWith("121");
            // A kiosk that rebuilt the message for the same checkout (a new sequence number, here 2, and a new date
            // unless within the same second): a new request, and the item is the member's already.
            assertThat(again.status().command()).isEqualTo("98");
            Answer rebuilt = again.checkout(SEOUL_LIBRARY, member, item);
            assertThat(rebuilt.text()).startsWith("121");
            assertThat(rebuilt.screen(KioskClient.CHECKOUT_RESPONSE)).startsWith("This item is already on loan to you");
        }
        assertThat(activeLoans(federation, member)).isEqualTo(1);
    }

    @Test
    void whileTheHubIsDownAKioskLendsByTheDegradedRuleAndWhileItsRegionIsDownItSaysSoAtOnce(Federation federation) {
        Circulation.setPolicy(federation, SEOUL_LIBRARY, Circulation.policyWithCap(10));
        String member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of()).memberNumber();
        List<String> lent = new ArrayList<>();
        try (KioskClient seoul = kiosk(federation, SEOUL_KIOSK)) {
            federation.stopHub();
            try {
                // The region's degraded rule decides, explicitly: a bounded number of marked loans, then a refusal.
                for (int i = 0; i < FederationExtension.DEGRADED_MAX_LOANS_PER_MEMBER; i++) {
                    String item = Circulation.newItem(SEOUL_LIBRARY);
                    Answer degraded = seoul.checkout(SEOUL_LIBRARY, member, item);
                    assertThat(degraded.text()).as(degraded.text()).startsWith("121");
                    assertThat(degraded.screen(KioskClient.CHECKOUT_RESPONSE)).startsWith("국가센터 확인 없이 제한 대출");
                    lent.add(item);
                }
                Answer beyond = seoul.checkout(SEOUL_LIBRARY, member, Circulation.newItem(SEOUL_LIBRARY));
                assertThat(beyond.text()).startsWith("120");
                assertThat(beyond.screen(KioskClient.CHECKOUT_RESPONSE))
                        .isEqualTo("국가센터에 연결할 수 없어 지금은 대출할 수 없습니다. 잠시 후 다시 시도해 주세요.");
                // Returns of the region's own items need no hub.
                assertThat(seoul.checkin(SEOUL_LIBRARY, lent.get(0)).text()).startsWith("101");
            } finally {
                federation.startHub();
            }
        }
        try (Federation.RegionOutage outage = federation.regionOutage(SEOUL);
             KioskClient seoul = kiosk(federation, SEOUL_KIOSK)) {
            await("98 says off-line").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(seoul.status().text()).startsWith("98NNN"));
            Answer refused = seoul.checkout(SEOUL_LIBRARY, member, Circulation.newItem(SEOUL_LIBRARY));
            assertThat(refused.text()).startsWith("120");
            assertThat(refused.screen(KioskClient.CHECKOUT_RESPONSE))
                    .isEqualTo("지금은 처리할 수 없습니다. 잠시 후 다시 시도하거나 데스크에 문의해 주세요.");
            Answer kept = seoul.checkin(SEOUL_LIBRARY, lent.get(1));
            assertThat(kept.text()).as("not taken back: the kiosk keeps the item aside").startsWith("100");
            assertThat(kept.flag(3)).isEqualTo('Y');
        }
        try (KioskClient seoul = kiosk(federation, SEOUL_KIOSK)) {
            await("back on-line").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(seoul.status().text()).startsWith("98YYY"));
            assertThat(seoul.checkin(SEOUL_LIBRARY, lent.get(1)).text()).startsWith("101");
        }
        assertThat(activeLoans(federation, member)).isZero();
    }

    @Test
    void aKioskWithAWrongLoginGetsFailureAndCanDoNothingElse(Federation federation) {
        String member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of()).memberNumber();
        try (KioskClient kiosk = KioskClient.connect(federation.gateway().sip2Port())) {
            assertThat(kiosk.login(SEOUL_KIOSK, "not-the-password", "").text()).isEqualTo("940");
            assertThat(kiosk.checkout(SEOUL_LIBRARY, member, Circulation.newItem(SEOUL_LIBRARY)).text())
                    .isEqualTo("940");
            assertThat(kiosk.patronStatus(SEOUL_LIBRARY, member, "").text()).isEqualTo("940");
        }
        assertThat(activeLoans(federation, member)).isZero();
    }

    @Test
    void whereTheLibraryUsesCardPasswordsTheKioskChecksThemAtTheRegion(Federation federation) {
        Circulation.setPolicy(federation, GYEONGGI_LIBRARY, Circulation.policyWithCap(10));
        // Imported at 141001 with the card password 1234 (Library.importWithConsent).
        String member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of(GYEONGGI_LIBRARY))
                .memberNumber();
        try (KioskClient kiosk = kiosk(federation, "kiosk-141001-pin")) {
            Answer wrong = kiosk.patronStatus(GYEONGGI_LIBRARY, member, "9999");
            assertThat(wrong.field("CQ", KioskClient.PATRON_STATUS_RESPONSE)).contains("N");
            assertThat(wrong.screen(KioskClient.PATRON_STATUS_RESPONSE)).isEqualTo("비밀번호가 맞지 않습니다. 남은 횟수: 4");
            Answer refused = kiosk.send(KioskClient.checkoutMessage(GYEONGGI_LIBRARY, member,
                    Circulation.newItem(GYEONGGI_LIBRARY), ""));
            assertThat(refused.text()).as("no password verified yet").startsWith("120");
            Answer right = kiosk.patronStatus(GYEONGGI_LIBRARY, member, "1234");
            assertThat(right.field("CQ", KioskClient.PATRON_STATUS_RESPONSE)).contains("Y");
            // Verified in this patron session: the checkout without AD is the same member's.
            assertThat(kiosk.checkout(GYEONGGI_LIBRARY, member, Circulation.newItem(GYEONGGI_LIBRARY)).text())
                    .startsWith("121");
            assertThat(kiosk.endSession(GYEONGGI_LIBRARY, member).text()).startsWith("36Y");
            assertThat(kiosk.checkout(GYEONGGI_LIBRARY, member, Circulation.newItem(GYEONGGI_LIBRARY)).text())
                    .as("the session ended: the password is asked again").startsWith("120");
        }
        assertThat(activeLoans(federation, member)).isEqualTo(1);
    }

    @Test
    void aKioskLimitedToReturnsCannotLend(Federation federation) {
        String member = Circulation.memberRegisteredAt(federation, "141002", List.of()).memberNumber();
        try (KioskClient kiosk = kiosk(federation, "kiosk-141002-checkin")) {
            Answer refused = kiosk.checkout("141002", member, Circulation.newItem("141002"));
            assertThat(refused.text()).startsWith("120");
            assertThat(refused.screen(KioskClient.CHECKOUT_RESPONSE)).contains("할 수 없는 업무");
        }
        assertThat(activeLoans(federation, member)).isZero();
    }

    @Test
    void aThousandRandomAndTruncatedFramesWriteNothingAndOtherKiosksAreServed(Federation federation) {
        String member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of()).memberNumber();
        String item = Circulation.newItem(SEOUL_LIBRARY);
        String date = KioskClient.now();
        String[] valid = {
                "9900302.00", "23020" + date + "AO111001|AA" + member + "|AC|AD|",
                KioskClient.checkoutMessage(SEOUL_LIBRARY, member, item, ""),
                "09N" + date + date + "AP1|AO111001|AB" + item + "|", "17" + date + "AO111001|AB" + item + "|",
                "29NN" + date + " ".repeat(18) + "AO111001|AA" + member + "|AB" + item + "|", "97",
        };
        Random random = new Random(1130);
        try (RowCounts seoul = counts(federation, SEOUL); RowCounts gyeonggi = counts(federation, GYEONGGI);
             KioskClient bystander = kiosk(federation, GYEONGGI_KIOSK)) {
            Map<String, Long> seoulBefore = seoul.awaitQuiet(Duration.ofSeconds(2), Duration.ofSeconds(20));
            Map<String, Long> gyeonggiBefore = gyeonggi.awaitQuiet(Duration.ofSeconds(2), Duration.ofSeconds(20));
            int answered = 0;
            int closed = 0;
            KioskClient fuzzer = kiosk(federation, SEOUL_KIOSK);
            for (int i = 0; i < 1000; i++) {
                Answer answer = fuzzer.sendRaw(mangled(random, valid[random.nextInt(valid.length)], member, item));
                if (answer.closed()) {
                    closed++;
                    fuzzer.close();
                    fuzzer = kiosk(federation, SEOUL_KIOSK);
                } else {
                    answered++;
                }
                if (i % 200 == 0) {
                    assertThat(bystander.status().text()).startsWith("98Y");
                }
            }
            fuzzer.close();
            assertThat(answered + closed).isEqualTo(1000);
            assertThat(RowCounts.difference(seoulBefore, seoul.now())).isEmpty();
            assertThat(RowCounts.difference(gyeonggiBefore, gyeonggi.now())).isEmpty();
            assertThat(bystander.status().text()).startsWith("98Y");
        }
        assertThat(activeLoans(federation, member)).isZero();
    }

    private static RowCounts counts(Federation federation, String regionId) {
        return RowCounts.of(federation.postgres().jdbcUrl(LocalPostgres.regionDatabase(regionId)),
                LocalPostgres.USER, federation.postgres().password());
    }

    /**
     * A kiosk message mangled so that it cannot be a valid request: cut short, bytes changed inside its fields, noise,
     * or its command changed; always ended by CR. Mangling keeps the member number and barcode invalid or the command
     * unknown, so nothing a kiosk did not mean can be written.
     */
    private static byte[] mangled(Random random, String valid, String member, String item) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(4)) {
            case 0 -> {
                // Cut before the last character of the member number or the barcode, whichever comes first.
                int limit = bytes.length;
                for (String value : new String[] {member, item}) {
                    int at = valid.indexOf(value);
                    if (at >= 0) {
                        limit = Math.min(limit, at + value.length() - 1);
                    }
                }
                bytes = Arrays.copyOf(bytes, Math.max(1, random.nextInt(Math.max(1, limit))));
            }
            case 1 -> {
                // Bytes 0xF8-0xFF never occur in UTF-8: the frame cannot be read in the kiosk's character set.
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) (0xF8 + random.nextInt(8));
                }
            }
            case 2 -> {
                bytes = new byte[1 + random.nextInt(300)];
                random.nextBytes(bytes);
                bytes[0] = 'Z';
            }
            default -> bytes = ("4" + random.nextInt(10) + valid.substring(2)).getBytes(StandardCharsets.UTF_8);
        }
        byte[] frame = new byte[bytes.length + 1];
        for (int i = 0; i < bytes.length; i++) {
            frame[i] = bytes[i] == '\r' || bytes[i] == '\n' ? (byte) 'x' : bytes[i];
        }
        frame[bytes.length] = '\r';
        return frame;
    }
}
