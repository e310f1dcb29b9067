package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.chaekieum.contracts.api.SuspensionRequest;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.deploy.Federation;
import org.chaekieum.testsupport.KolasClient;
import org.chaekieum.testsupport.KolasClient.Answer;
import org.chaekieum.testsupport.KolasClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * KOLAS III libraries in the real federation (separate processes, real PostgreSQL, Kafka and Keycloak), through the
 * bridge, driven by a client that behaves as KOLAS does (port assignment, ACK, one request per session, queued
 * reports sent late and twice): a member's day across a Seoul and a Gyeonggi KOLAS library compared with the same day
 * made over REST, and queued loan and return reports that arrive late, twice, and for a suspended member.
 */
@ExtendWith(FederationExtension.class)
class KolasLibraryIT {

    private static final String SEOUL_LIBRARY = "111001";
    private static final String GYEONGGI_LIBRARY = "141001";
    private static final DateTimeFormatter KOLAS_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private static KolasClient kolas(Federation federation) {
        return new KolasClient("127.0.0.1", federation.kolasPort());
    }

    private static String kolasTime(Instant instant) {
        return KOLAS_TIME.format(instant.atZone(KoreanDay.KOREA));
    }

    private static String kolasDate(LocalDate date) {
        return date.toString().replace('-', '/');
    }

    /** A number the way KOLAS issues it at a library: its code, the year, a serial far from the region's own. */
    private static String numberIssuedByKolas(String library) {
        int year = KoreanDay.today().getYear() % 100;
        int serial = 90_000 + ThreadLocalRandom.current().nextInt(9_000);
        return UnifiedMemberNumber.issue(LibraryCode.of(library), year, serial).value();
    }

    private static Answer ok(Answer answer, String what) {
        assertThat(answer.isError()).as("%s: %s", what, answer.text()).isFalse();
        return answer;
    }

    private static Frame register(String library, String number, String identity, String name) {
        return Frame.of("IL_K02_LOC_B01_SERVICE", "통합대출자키", "K-" + number, "통합대출자번호", number, "대출자이름", name,
                "생성도서관부호", library, "최초생성일", kolasTime(Instant.now()), "핸드폰", "010-2222-3333",
                "G-PINASCII인증코드", "", "G-PINHASH인증코드", "", "G-PIN성별", "", "회원상태", "0", "생일", "1988/04/09",
                "회원구분", "0", "연계정보", identity);
    }

    private static Frame loanReport(String library, String number, String registration, String key, Instant at,
                                    LocalDate due) {
        return Frame.of("IL_K10_LOC_B01_SERVICE", "통합대출자번호", number, "대출도서관", library, "대출일", kolasTime(at),
                "반납예정일", kolasDate(due) + " 23:59:59", "상태", "0", "등록번호", registration, "서명", "책 '이음'의 역사 & 미래",
                "저자", "홍길동", "발행자", "국립중앙도서관", "청구기호", "020.9-1", "편권차", "", "로컬KEY", key, "부록여부", "N");
    }

    private static Frame returnReport(String library, String returnedAt, String number, String registration,
                                      String key, Instant at) {
        return Frame.of("IL_K11_LOC_B01_SERVICE", "통합대출자번호", number, "대출도서관부호", library, "반납도서관부호",
                returnedAt, "반납일", kolasTime(at), "등록번호", registration, "상태", "1", "로컬KEY", key, "회원상태", "0");
    }

    private static String registration(String barcode) {
        return barcode.substring(7);
    }

    private static Map<String, Object> member(Federation federation, String library, String number) {
        return given().baseUri(federation.regionOfLibrary(library).baseUrl()).header("Accept", Library.ACCEPT)
                .get(Library.MEMBER, library, number).then().statusCode(200).extract().jsonPath().getMap("");
    }

    private static int activeLoans(Federation federation, String number) {
        return Circulation.nationalLoans(federation, number).then().statusCode(200).extract().jsonPath()
                .getInt("activeLoans");
    }

    private static void suspendAtSeoul(Federation federation, String number, LocalDate until) {
        given().baseUri(federation.region(SEOUL).baseUrl()).contentType(ContentType.JSON)
                .body(new SuspensionRequest(SEOUL_LIBRARY, until, "KOLAS e2e"))
                .post("/api/v1/operator/members/{n}/suspensions", number).then().statusCode(201);
    }

    /** The day's outcome as the federation sees it: loans, national count, suspension, the path of each item. */
    private record DayOutcome(int activeLoans, boolean suspendedAtGyeonggi, List<String> items) {
    }

    @Test
    void aMembersDayAtTwoKolasLibrariesLeavesTheFederationAsTheSameDayOverRest(Federation federation) {
        LocalDate suspendedUntil = KoreanDay.today().plusDays(7);
        KolasClient kolas = kolas(federation);
        String number = numberIssuedByKolas(SEOUL_LIBRARY);
        String identity = "CI-KOLAS-" + UUID.randomUUID();

        // Registration at the Seoul KOLAS library, with the number KOLAS issued.
        ok(kolas.send(register(SEOUL_LIBRARY, number, identity, "김이음")), "K02 at Seoul");
        assertThat(member(federation, SEOUL_LIBRARY, number)).containsEntry("memberNumber", number);
        await("the hub knows " + number).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Library.nationalMember(federation, number).statusCode()).isEqualTo(200));

        // The Gyeonggi library looks the member up: nothing held there before the import (DT01, with what to do);
        // the desk imports (K02 with the member's own number and identity); then the record that library now holds,
        // and the joined list.
        Answer before = kolas.send(Frame.of("IL_K08_LOC_B01_SERVICE", "통합대출자번호", number, "도서관부호",
                GYEONGGI_LIBRARY));
        assertThat(before.isError()).isTrue();
        assertThat(before.errorCode()).isEqualTo("MK08LCTB01DT01");
        assertThat(before.value("MSG")).contains("반입");
        ok(kolas.send(register(GYEONGGI_LIBRARY, number, identity, "김이음")), "K02 import at Gyeonggi");
        Answer looked = ok(kolas.send(Frame.of("IL_K08_LOC_B01_SERVICE", "통합대출자번호", number, "도서관부호",
                GYEONGGI_LIBRARY)), "K08 after import");
        assertThat(looked.value("대출자이름")).isEqualTo("김이음");
        assertThat(looked.value("주민등록번호")).isEmpty();
        assertThat(looked.value("G-PINHASH인증코드")).isEmpty();
        assertThat(looked.value("IPIN_HASH")).isEmpty();
        Answer joined = ok(kolas.send(Frame.of("IL_K48_LOC_B01_SERVICE", "통합대출자번호", number, "도서관부호",
                GYEONGGI_LIBRARY)), "K48");
        assertThat(joined.records()).extracting(r -> r.get("가입도서관부호"))
                .containsExactlyInAnyOrder(SEOUL_LIBRARY, GYEONGGI_LIBRARY);

        // Loans at both libraries, reported after the fact (KOLAS queues them).
        String seoulItem = Circulation.newItem(SEOUL_LIBRARY);
        String gyeonggiItem = Circulation.newItem(GYEONGGI_LIBRARY);
        Instant lentAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        LocalDate due = KoreanDay.today().plusDays(14);
        kolas.queue(loanReport(SEOUL_LIBRARY, number, registration(seoulItem), "S-" + number, lentAt, due));
        kolas.queue(loanReport(GYEONGGI_LIBRARY, number, registration(gyeonggiItem), "G-" + number, lentAt, due));
        kolas.drain().forEach(answer -> ok(answer, "K10"));
        assertThat(kolas.queued()).isEmpty();
        await("both loans counted nationally").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(activeLoans(federation, number)).isEqualTo(2));
        Answer current = ok(kolas.send(Frame.of("IL_K42_LOC_B01_SERVICE", "통합대출자번호", number, "도서관부호",
                SEOUL_LIBRARY)), "K42");
        assertThat(current.records()).extracting(r -> r.get("등록번호"))
                .containsExactlyInAnyOrder(registration(seoulItem), registration(gyeonggiItem));
        assertThat(current.records()).filteredOn(r -> SEOUL_LIBRARY.equals(r.get("대출도서관")))
                .extracting(r -> r.get("로컬KEY")).containsExactly("S-" + number);

        // A suspension set in Seoul holds at the Gyeonggi library.
        suspendAtSeoul(federation, number, suspendedUntil);
        await("K29 at Gyeonggi shows the suspension").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    Answer suspension = ok(kolas.send(Frame.of("IL_K29_LOC_B01_SERVICE", "통합대출자번호", number,
                            "G-PINHASH인증코드", "", "도서관부호", GYEONGGI_LIBRARY)), "K29");
                    assertThat(suspension.value("대출정지유무")).isEqualTo("Y");
                    assertThat(suspension.value("대출정지일")).isEqualTo(kolasDate(suspendedUntil));
                });

        // The Seoul book comes back at the Gyeonggi library (타관반납): look-up (K20), return (K46), transit (K18,
        // K19 sent), and home at Seoul (K19 back, with Seoul's own key).
        Answer loan = ok(kolas.send(Frame.of("IL_K20_LOC_B01_SERVICE", "통합대출자번호", number, "G-PINHASH인증코드", "",
                "대출도서관부호", SEOUL_LIBRARY, "등록번호", registration(seoulItem), "반납도서관부호", GYEONGGI_LIBRARY)),
                "K20");
        String key = loan.value("로컬KEY");
        assertThat(key).isNotBlank();
        ok(kolas.send(Frame.of("IL_K46_LOC_B01_SERVICE", "통합대출자번호", number, "대출도서관부호", SEOUL_LIBRARY,
                "반납도서관부호", GYEONGGI_LIBRARY, "반납일", kolasTime(Instant.now()), "결제처리KEY", key, "로컬KEY", key,
                "작업자", "desk-3", "마지막작업", "타관반납")), "K46");
        await("the return reached Seoul").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(activeLoans(federation, number)).isEqualTo(1));
        Answer waiting = ok(kolas.send(Frame.of("IL_K18_LOC_B01_SERVICE", "트랜젝션상태", "0", "반납도서관",
                GYEONGGI_LIBRARY)), "K18");
        assertThat(waiting.records()).extracting(r -> r.get("등록번호")).contains(registration(seoulItem));
        ok(kolas.send(Frame.of("IL_K19_LOC_B01_SERVICE", "트랜젝션상태", "1", "대출도서관", SEOUL_LIBRARY, "로컬KEY", key,
                "타관반납발송일", kolasTime(Instant.now()), "발송자", "desk-3", "마지막작업", "발송")), "K19 sent");
        ok(kolas.send(Frame.of("IL_K19_LOC_B01_SERVICE", "트랜젝션상태", "2", "대출도서관", SEOUL_LIBRARY, "로컬KEY",
                "S-" + number, "복귀일", kolasTime(Instant.now()), "입수자", "desk-1", "마지막작업", "복귀")), "K19 back");

        // The Gyeonggi book is returned at home; the report comes late, from KOLAS's queue, with Seoul's own report
        // of the 타관반납 (already known: nothing changes).
        kolas.queue(returnReport(GYEONGGI_LIBRARY, GYEONGGI_LIBRARY, number, registration(gyeonggiItem),
                "G-" + number, Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS)));
        kolas.queue(returnReport(SEOUL_LIBRARY, GYEONGGI_LIBRARY, number, registration(seoulItem), "S-" + number,
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        kolas.drain().forEach(answer -> ok(answer, "K11"));

        DayOutcome viaKolas = outcome(federation, number, seoulItem, gyeonggiItem);

        // The same day over REST, for another member.
        Circulation.Member rest = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of(GYEONGGI_LIBRARY));
        String restSeoulItem = Circulation.newItem(SEOUL_LIBRARY);
        String restGyeonggiItem = Circulation.newItem(GYEONGGI_LIBRARY);
        Circulation.lend(federation, SEOUL_LIBRARY, rest.memberNumber(), restSeoulItem);
        Circulation.lend(federation, GYEONGGI_LIBRARY, rest.memberNumber(), restGyeonggiItem);
        suspendAtSeoul(federation, rest.memberNumber(), suspendedUntil);
        assertThat(Circulation.returnItem(federation, GYEONGGI_LIBRARY, restSeoulItem).statusCode()).isEqualTo(200);
        assertThat(Circulation.advanceTransit(federation, GYEONGGI_LIBRARY, restSeoulItem, "SHIPPED").statusCode())
                .isEqualTo(200);
        assertThat(Circulation.advanceTransit(federation, SEOUL_LIBRARY, restSeoulItem, "BACK_HOME").statusCode())
                .isEqualTo(200);
        assertThat(Circulation.returnItem(federation, GYEONGGI_LIBRARY, restGyeonggiItem).statusCode()).isEqualTo(200);
        await("the suspension holds in Gyeonggi").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(member(federation, GYEONGGI_LIBRARY, rest.memberNumber()))
                        .containsKey("suspendedUntil"));
        DayOutcome viaRest = outcome(federation, rest.memberNumber(), restSeoulItem, restGyeonggiItem);

        assertThat(viaKolas).isEqualTo(viaRest);
        assertThat(viaKolas.activeLoans()).isZero();
    }

    private static DayOutcome outcome(Federation federation, String number, String seoulItem, String gyeonggiItem) {
        await("no loan left for " + number).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(activeLoans(federation, number)).isZero());
        boolean suspended = member(federation, GYEONGGI_LIBRARY, number).containsKey("suspendedUntil");
        List<String> items = new ArrayList<>();
        for (String item : List.of(seoulItem, gyeonggiItem)) {
            String owner = item.substring(1, 7);
            boolean inTransit = Circulation.transits(federation, owner).then().statusCode(200).extract().jsonPath()
                    .getList("itemBarcode").contains(item);
            items.add(owner + (inTransit ? ":in-transit" : ":home"));
        }
        return new DayOutcome(activeLoans(federation, number), suspended, items);
    }

    @Test
    void queuedReportsSentLateAndTwiceMakeOneLoanAndAReportForASuspendedMemberIsAnOverrun(Federation federation) {
        KolasClient kolas = kolas(federation);
        Circulation.Member member = Circulation.memberRegisteredAt(federation, SEOUL_LIBRARY, List.of());
        String number = member.memberNumber();
        String reportedItem = Circulation.newItem(SEOUL_LIBRARY);
        Instant lentAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant returnedAt = lentAt.plus(30, ChronoUnit.MINUTES);
        String key = "L-" + UUID.randomUUID().toString().substring(0, 8);
        // The loan and its return happen at the desk; KOLAS queues both reports.
        kolas.queue(loanReport(SEOUL_LIBRARY, number, registration(reportedItem), key, lentAt,
                KoreanDay.today().plusDays(14)));
        kolas.queue(returnReport(SEOUL_LIBRARY, SEOUL_LIBRARY, number, registration(reportedItem), key, returnedAt));
        List<Frame> queued = kolas.queued();

        // Meanwhile, an hour of other events: a live checkout at the same library.
        String liveItem = Circulation.newItem(SEOUL_LIBRARY);
        Circulation.lend(federation, SEOUL_LIBRARY, number, liveItem);
        await("the live loan counted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(activeLoans(federation, number)).isEqualTo(1));

        // The drainer sends the queue late, then sends it all again (it lost track of what went through).
        kolas.drain().forEach(answer -> ok(answer, "late report"));
        queued.forEach(kolas::queue);
        kolas.drain().forEach(answer -> ok(answer, "report sent twice"));
        // The K10 alone once more, after its return: still the one loan, still returned.
        ok(kolas.send(queued.get(0)), "K10 a third time");

        Map<String, Object> report = reportView(federation, SEOUL_LIBRARY, key);
        assertThat(report).containsEntry("state", "APPLIED");
        @SuppressWarnings("unchecked")
        Map<String, Object> loan = (Map<String, Object>) report.get("loan");
        assertThat(loan).containsEntry("status", "RETURNED").containsEntry("itemBarcode", reportedItem);
        assertThat(Instant.parse((String) loan.get("checkedOutAt"))).isEqualTo(lentAt);
        assertThat(Instant.parse((String) loan.get("returnedAt"))).isEqualTo(returnedAt);
        await("the national count holds the live loan only").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(activeLoans(federation, number)).isEqualTo(1);
                    assertThat(Circulation.nationalLoans(federation, number).jsonPath().getList("loans.itemBarcode"))
                            .containsExactly(liveItem);
                });

        // Suspended at Seoul; KOLAS lent anyway (the book is in the member's hands): recorded, marked, reported.
        suspendAtSeoul(federation, number, KoreanDay.today().plusDays(5));
        String overItem = Circulation.newItem(SEOUL_LIBRARY);
        String overKey = "L-" + UUID.randomUUID().toString().substring(0, 8);
        ok(kolas.send(loanReport(SEOUL_LIBRARY, number, registration(overItem), overKey,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), KoreanDay.today().plusDays(14))), "K10 suspended");
        Map<String, Object> over = reportView(federation, SEOUL_LIBRARY, overKey);
        assertThat(over).containsEntry("state", "APPLIED");
        assertThat(String.valueOf(over.get("overrode"))).contains("MEMBER_SUSPENDED");
        assertThat(((Map<?, ?>) over.get("loan")).get("degraded")).isEqualTo(true);
        await("counted nationally and reported as an overrun").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    assertThat(activeLoans(federation, number)).isEqualTo(2);
                    List<Map<String, Object>> overruns = Circulation.overruns(federation).then().statusCode(200)
                            .extract().jsonPath().getList("");
                    assertThat(overruns).anySatisfy(o -> {
                        assertThat(o).containsEntry("memberNumber", number);
                        assertThat(o).containsEntry("rule", "MEMBER_SUSPENDED");
                    });
                });
    }

    private static Map<String, Object> reportView(Federation federation, String library, String key) {
        return given().baseUri(federation.regionOfLibrary(library).baseUrl()).header("Accept", Library.ACCEPT)
                .get("/api/v1/libraries/{libraryCode}/loan-reports/{localKey}", library, key).then().statusCode(200)
                .extract().jsonPath().getMap("");
    }
}
