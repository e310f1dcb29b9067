package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.hub.support.TestEvents.CODEC;
import static org.chaekieum.hub.support.TestEvents.newIdentityHash;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.MemberUpdated;
import org.chaekieum.contracts.event.SuspensionChanged;
import org.chaekieum.hub.retention.PersonalDataRetention;
import org.chaekieum.hub.support.Db;
import org.chaekieum.hub.support.RegionEvents;
import org.chaekieum.hub.support.TestEvents;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the hub keeps of a member, and for how long (issue 16): ended loans lose the member's number after
 * {@code chaekieum.hub.loan-retention} (90 days) and at the member's withdrawal, and keep everything else; open loans
 * keep it while they count towards the cap. Suspensions go at withdrawal and once ended, and their reasons are never
 * broadcast. Reads of a member's loans are audited, and the audit kept as long. Shares the application and the broker of the other test classes.
 */
@QuarkusTest
class PersonalDataRetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger ITEM = new AtomicInteger();

    private static RegionEvents region;

    @Inject
    PersonalDataRetention retention;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void clients() {
        region = RegionEvents.open();
    }

    @AfterAll
    static void close() {
        region.close();
    }

    @Test
    void withdrawalAnonymisesTheMembersEndedLoansAndOverrunsAndKeepsTheOpenOnesCounted() {
        String member = region.registered(newIdentityHash(), "seoul");
        String returned = UUID.randomUUID().toString();
        String open = UUID.randomUUID().toString();
        String reported = UUID.randomUUID().toString();
        // Days no statistics test counts (their totals are national).
        Instant lent = Instant.now().minus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        region.send(new LoanCreated(returned, member, "121001", "121001", barcode("121001"), "busan", lent,
                LocalDate.now().plusDays(10), false));
        region.send(new LoanReturned(returned, member, "121001", "121002", lent.plus(1, ChronoUnit.DAYS)));
        region.send(new LoanCreated(open, member, "121002", "121002", barcode("121002"), "busan", lent,
                LocalDate.now().plusDays(10), false));
        // A loan a library system reported after the fact, past a rule: an overrun naming the member.
        region.send(new LoanCreated(reported, member, "121001", "121001", barcode("121001"), "busan", lent,
                LocalDate.now().plusDays(10), true, List.of("MEMBER_SUSPENDED")));
        awaitApplied(region.sendMarker(member, "seoul"));
        assertThat(Db.count("select count(*) from national_loan where member_number = ?", member)).isEqualTo(3);
        assertThat(Db.count("select count(*) from cap_overrun where member_number = ?", member)).isEqualTo(1);

        region.send(new MemberUpdated(member, "seoul", MemberCategory.FULL, null, null, MemberStatus.WITHDRAWN,
                List.of("status", "name"), 2, Instant.now()));
        awaitApplied(region.sendMarker(member, "seoul"));

        // The returned loan no longer names the member; library, item, region, dates and transit stay.
        assertThat(Db.count("select count(*) from national_loan where loan_id = ? and member_number is null "
                + "and library_code = '121001' and returned_at_library = '121002' and region = 'busan' "
                + "and checked_out_at is not null and returned_at is not null and transit = 'RETURNED_ELSEWHERE' "
                + "and item_barcode like '$121001%'", returned)).isEqualTo(1);
        // The open loans keep it: they still count towards the cap until they are returned.
        assertThat(Db.count("select count(*) from national_loan where member_number = ? and status = 'ACTIVE'",
                member)).isEqualTo(2);
        given().when().get("/api/v1/national/members/{n}/loans", member).then().statusCode(200)
                .body("activeLoans", equalTo(2));
        assertThat(Db.count("select count(*) from cap_overrun where member_number = ?", member)).isZero();
        assertThat(Db.count("select count(*) from cap_overrun where loan_ids = ? and member_number is null",
                reported)).isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(region.decisions().envelopes(member).stream()
                .map(CODEC::typeOf)).contains(EventType.MEMBER_CHANGED));

        // The reconciliation view lists the anonymised loan without a number.
        given().queryParam("status", "RETURNED").queryParam("after", returned.substring(0, 35))
                .queryParam("limit", "1")
                .when().get("/api/v1/national/ledger").then().statusCode(200)
                .body("[0].loanId", equalTo(returned)).body("[0].memberNumber", nullValue())
                .body("[0].libraryCode", equalTo("121001"));
        // Its loan id cannot be reserved again: whose loan it was is no longer known.
        given().contentType(ContentType.JSON)
                .body(new LoanReservationRequest(returned, member, "111001", "seoul", barcode("111001"),
                        LocalDate.now().plusDays(14), null))
                .when().post("/api/v1/national/loan-reservations")
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void theRetentionRunAnonymisesLoansReturnedLongerAgoThanTheRetentionPeriod() {
        String member = TestEvents.newNumber();
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        String open = UUID.randomUUID().toString();
        Instant now = Instant.now();
        region.send(new LoanCreated(old, member, "121001", "121001", barcode("121001"), "busan",
                now.minus(120, ChronoUnit.DAYS), LocalDate.now().minusDays(106), false));
        region.send(new LoanReturned(old, member, "121001", "121001", now.minus(91, ChronoUnit.DAYS)));
        region.send(new LoanCreated(recent, member, "121001", "121001", barcode("121001"), "busan",
                now.minus(100, ChronoUnit.DAYS), LocalDate.now().minusDays(86), false));
        region.send(new LoanReturned(recent, member, "121001", "121001", now.minus(89, ChronoUnit.DAYS)));
        region.send(new LoanCreated(open, member, "121001", "121001", barcode("121001"), "busan",
                now.minus(200, ChronoUnit.DAYS), LocalDate.now().minusDays(186), false));
        awaitApplied(region.sendMarker(member, "seoul"));
        assertThat(Db.count("select count(*) from national_loan where member_number = ?", member)).isEqualTo(3);

        PersonalDataRetention.Run run = retention.run(Instant.now());

        assertThat(run.loansAnonymised()).isGreaterThanOrEqualTo(1);
        assertThat(Db.count("select count(*) from national_loan where loan_id = ? and member_number is null "
                + "and status = 'RETURNED' and library_code = '121001' and returned_at is not null", old))
                .isEqualTo(1);
        // Returned 89 days ago: within the 90 days. Open since 200 days: counted, so it keeps the number.
        assertThat(Db.count("select count(*) from national_loan where loan_id in (?, ?) and member_number = ?",
                recent, open, member)).isEqualTo(2);
        given().when().get("/api/v1/national/members/{n}/loans", member).then().statusCode(200)
                .body("activeLoans", equalTo(1));
        // A second run finds nothing more of this member to do.
        retention.run(Instant.now());
        assertThat(Db.count("select count(*) from national_loan where member_number = ?", member)).isEqualTo(2);
    }

    @Test
    void withdrawalErasesTheMembersSuspensionsWithTheirReasonsAndTellsTheRegionsThereIsNone() {
        String member = region.registered(newIdentityHash(), "seoul");
        LocalDate today = TestEvents.today();
        region.send(new MemberSuspended(member, today.plusDays(7), "111001", "Set by an operator: a private remark",
                Instant.now(), "seoul"));
        region.send(new MemberSuspended(member, today.plusDays(3), "141001", "Late return at 141001", Instant.now(),
                "gyeonggi"));
        awaitApplied(region.sendMarker(member, "seoul"));
        assertThat(Db.count("select count(*) from national_suspension where member_number = ?", member))
                .isEqualTo(2);

        region.send(new MemberUpdated(member, "seoul", MemberCategory.FULL, null, null, MemberStatus.WITHDRAWN,
                List.of("status", "name"), 2, Instant.now()));
        awaitApplied(region.sendMarker(member, "seoul"));

        assertThat(Db.count("select count(*) from national_suspension where member_number = ?", member)).isZero();
        given().queryParam("limit", "1000").when().get("/api/v1/national/suspensions").then().statusCode(200)
                .body("findAll { it.memberNumber == '" + member + "' }.size()", equalTo(0));
        // Every region holding the member is told it has no suspension any more.
        await().atMost(WAIT).untilAsserted(() -> {
            List<SuspensionChanged> told = suspensionsTold(member);
            assertThat(told).isNotEmpty();
            assertThat(told.get(told.size() - 1).suspendedUntil()).isNull();
        });
    }

    @Test
    void endedSuspensionsAreDeletedByTheRetentionRunAndNoReasonIsBroadcast() {
        String member = TestEvents.newNumber();
        LocalDate today = TestEvents.today();
        region.send(new MemberSuspended(member, today.minusDays(2), "111002", "Late return at 111002: ended",
                Instant.now(), "seoul"));
        region.send(new MemberSuspended(member, today.plusDays(5), "141002", "Late return at 141002: running",
                Instant.now(), "gyeonggi"));
        awaitApplied(region.sendMarker(member, "seoul"));
        assertThat(Db.count("select count(*) from national_suspension where member_number = ?", member))
                .isEqualTo(2);

        retention.run(Instant.now());

        assertThat(Db.count("select count(*) from national_suspension where member_number = ? "
                + "and set_by_library = '111002'", member)).isZero();
        // The running one stays, with its reason, for the national monitor; it still refuses.
        given().queryParam("limit", "1000").when().get("/api/v1/national/suspensions").then().statusCode(200)
                .body("find { it.memberNumber == '" + member + "' }.setByLibrary", equalTo("141002"))
                .body("find { it.memberNumber == '" + member + "' }.reason",
                        equalTo("Late return at 141002: running"));
        // What every region is told: the end and the library, never the free text.
        await().atMost(WAIT).untilAsserted(() -> {
            List<SuspensionChanged> told = suspensionsTold(member);
            assertThat(told).hasSize(2);
            assertThat(told).extracting(SuspensionChanged::reason).containsOnlyNulls();
            assertThat(told.get(1).suspendedUntil()).isEqualTo(today.plusDays(5));
            assertThat(told.get(1).setByLibrary()).isEqualTo("141002");
        });
    }

    @Test
    void everyReadOfAMembersLoansIsAuditedWithWhoAndWhenAndKeptAsLongAsTheRetention() throws Exception {
        String member = TestEvents.newNumber();
        given().header("Authorization", "Bearer " + TestTokens.regionService("seoul"))
                .when().get("/api/v1/national/members/{n}/loans", member).then().statusCode(200);
        given().header("Authorization", "Bearer " + TestTokens.monitor())
                .when().get("/api/v1/national/members/{n}/loans", member).then().statusCode(200);
        // Not a read of anyone's loans: nothing to audit.
        given().header("Authorization", "Bearer " + TestTokens.monitor())
                .when().get("/api/v1/national/members/{n}/loans", member.substring(0, 13)).then().statusCode(400);

        assertThat(Db.count("select count(*) from loan_read_audit where member_number = ?", member)).isEqualTo(2);
        assertThat(Db.count("select count(*) from loan_read_audit where member_number = ? "
                + "and read_by = 'service-account-region-seoul' and client_id = 'service-account-region-seoul' "
                + "and read_as = 'region-service' and region = 'seoul' "
                + "and read_at between now() - interval '1 minute' and now()", member)).isEqualTo(1);
        assertThat(Db.count("select count(*) from loan_read_audit where member_number = ? "
                + "and read_by = 'national-monitor' and read_as = 'national-monitor' and region is null", member))
                .isEqualTo(1);
        assertThat(Db.count("select count(*) from loan_read_audit where member_number = ?",
                member.substring(0, 13))).isZero();

        // The monitor's read was 91 days ago: the retention run deletes it, the recent one stays.
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update loan_read_audit set read_at = now() - interval '91 days' "
                     + "where member_number = ? and read_as = 'national-monitor'")) {
            s.setString(1, member);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        retention.run(Instant.now());
        assertThat(Db.count("select count(*) from loan_read_audit where member_number = ?", member)).isEqualTo(1);
        assertThat(Db.count("select count(*) from loan_read_audit where member_number = ? "
                + "and read_as = 'region-service'", member)).isEqualTo(1);
    }

    private static List<SuspensionChanged> suspensionsTold(String member) {
        return region.decisions().envelopes(member).stream()
                .filter(e -> CODEC.typeOf(e) == EventType.SUSPENSION_CHANGED)
                .map(e -> CODEC.payload(e, SuspensionChanged.class))
                .toList();
    }

    private static void awaitApplied(String eventId) {
        await().atMost(WAIT).until(() -> Db.count("select count(*) from processed_event where event_id = ?",
                eventId) == 1);
    }

    private static String barcode(String library) {
        return "$" + library + String.format("PR%010d", ITEM.incrementAndGet() + (System.nanoTime() % 1_000_000) * 1000);
    }
}
