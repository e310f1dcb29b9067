package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.region.support.Desk.importAt;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.MemberChanged;
import org.chaekieum.contracts.event.MemberRegistered;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.NumberForm;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.members.IdentityHasher;
import org.chaekieum.region.support.Broker;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 반입 at this region: of its own members, and of other regions' members through the (stand-in) hub. */
@QuarkusTest
class ImportTest {

    private static int serial = 100;

    @Inject
    IdentityHasher hasher;

    @BeforeEach
    void hub() {
        TestHub.reset();
    }

    /** The stand-in hub answers as usual again, even after a test that failed while it was down. */
    @AfterEach
    void hubBackToNormal() {
        TestHub.reset();
    }

    @Test
    void importsAnOwnMemberAtAnotherLibraryOfTheRegionOnce() {
        String identityKey = Requests.newIdentityKey();
        String number = enroll("111001", identityKey);

        importAt("111002", number, identityKey).then().statusCode(201)
                .body("memberNumber", equalTo(number))
                .body("libraryCode", equalTo("111002"))
                .body("homeRegion", equalTo("seoul"))
                .body("name", equalTo("김책이"));
        importAt("111002", number, identityKey).then().statusCode(200);

        given().get("/api/v1/libraries/111002/members/" + number).then().statusCode(200);
        assertThat(Db.rows("select direction, outcome, requested_by from member_transfer_audit where member_number = ?1",
                number)).singleElement().satisfies(row -> assertThat(row).containsExactly("LOCAL", "REGISTERED", "desk-7"));
        assertThat(Db.count("select count(*) from member_registration r join member m on m.id = r.member_id"
                + " where m.member_number = ?1 and r.password_hash like 'pbkdf2-sha256$%'", number)).isEqualTo(1);
    }

    @Test
    void refusesAWrongIdentityOrMissingConsentAndWritesNothing() {
        String identityKey = Requests.newIdentityKey();
        String number = enroll("111001", identityKey);
        long audits = Db.count("select count(*) from member_transfer_audit");
        long registrations = Db.count("select count(*) from member_registration");

        importAt("111002", number, Requests.newIdentityKey()).then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("IDENTITY_MISMATCH"));
        given().contentType(ContentType.JSON).body("{\"identityKey\":\"" + identityKey + "\",\"requestedBy\":\"desk-7\"}")
                .post("/api/v1/libraries/111002/members/" + number + "/import")
                .then().statusCode(400)
                .body("errors.field", hasItem("consents.transfer"))
                .body("errors.code", hasItem("TRANSFER_CONSENT_REQUIRED"));

        assertThat(Db.count("select count(*) from member_transfer_audit")).isEqualTo(audits);
        assertThat(Db.count("select count(*) from member_registration")).isEqualTo(registrations);
    }

    @Test
    void importsAMemberOfAnotherRegionWithTheProfileFromItsHome() {
        String identityKey = Requests.newIdentityKey();
        MemberProfile profile = gyeonggiMember();
        TestHub.holds(profile, hasher.hash(identityKey));

        importAt("111001", profile.memberNumber(), identityKey).then().statusCode(201)
                .body("memberNumber", equalTo(profile.memberNumber()))
                .body("homeRegion", equalTo("gyeonggi"))
                .body("name", equalTo("박경기"))
                .body("status", equalTo("NORMAL"));

        // One more library of this region: the home region is asked (and audits) again.
        importAt("111002", profile.memberNumber(), identityKey).then().statusCode(201)
                .body("libraryCode", equalTo("111002"));
        assertThat(TestHub.transfersOf(profile.memberNumber())).isEqualTo(2);

        assertThat(Db.rows("select direction, outcome, fields, consent_at is not null, library_code"
                + " from member_transfer_audit where member_number = ?1 order by id", profile.memberNumber()))
                .satisfiesExactly(
                        row -> assertThat(row).containsExactly("INCOMING", "RECEIVED",
                                String.join(",", MemberProfile.FIELDS), true, "111001"),
                        row -> assertThat(row).containsExactly("INCOMING", "RECEIVED",
                                String.join(",", MemberProfile.FIELDS), true, "111002"));
    }

    @Test
    void refusalsOfTheHubAreTheLibrarysAnswerAndNothingIsWritten() {
        MemberProfile profile = gyeonggiMember();
        TestHub.holds(profile, hasher.hash(Requests.newIdentityKey()));

        importAt("111001", profile.memberNumber(), Requests.newIdentityKey()).then().statusCode(422)
                .body("code", equalTo("IDENTITY_MISMATCH"));
        importAt("111001", UnifiedMemberNumber.issue(LibraryCode.of("141002"), 26, 9_999).value(),
                Requests.newIdentityKey()).then().statusCode(404)
                .body("code", equalTo("MEMBER_NOT_FOUND"));

        assertThat(Db.count("select count(*) from member where member_number = ?1", profile.memberNumber())).isZero();
        assertThat(Db.count("select count(*) from member_transfer_audit where member_number = ?1",
                profile.memberNumber())).isZero();
    }

    @Test
    void importsProvisionallyWhileTheHomeRegionIsAwayAndCompletesWhenItAnswers() {
        String identityKey = Requests.newIdentityKey();
        MemberProfile profile = gyeonggiMember();
        TestHub.holds(profile, hasher.hash(identityKey));
        TestHub.down(true);

        importAt("111001", profile.memberNumber(), identityKey).then().statusCode(201)
                .body("status", equalTo("PROVISIONAL"))
                .body("category", equalTo("ASSOCIATE"))
                .body("name", nullValue());

        // The hub confirms the number's registration at its home, on the topic every region reads: that confirms
        // nothing of this copy, which stays provisional (no loans on an unverified identity) until its profile comes.
        EventEnvelope homeRegistration = Broker.fromHub(new MemberRegistered(profile.memberNumber(), "gyeonggi",
                false, TestClock.now()));
        Broker.sendDecision(homeRegistration);
        await().atMost(Duration.ofSeconds(10)).until(() -> Db.count(
                "select count(*) from processed_event where event_id = ?1", homeRegistration.id()) == 1);
        given().get("/api/v1/libraries/111001/members/" + profile.memberNumber())
                .then().statusCode(200)
                .body("status", equalTo("PROVISIONAL"))
                .body("category", equalTo("ASSOCIATE"));

        TestHub.down(false);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .get("/api/v1/libraries/111001/members/" + profile.memberNumber())
                .then().statusCode(200)
                .body("status", equalTo("NORMAL"))
                .body("category", equalTo("FULL"))
                .body("name", equalTo("박경기")));
        assertThat(Db.column("select outcome from member_transfer_audit where member_number = ?1 order by id",
                profile.memberNumber())).containsExactly("PROVISIONAL", "COMPLETED");
    }

    /**
     * The home enrolled the member provisionally (its hub not yet asked) and answers the import with that profile: the
     * copy is provisional too, and is confirmed with its home, whether the hub's confirmation of the number arrives here
     * before the home's profile says so or not (it may arrive before the copy exists).
     */
    @Test
    void aCopyOfAMemberItsHomeEnrolledProvisionallyIsConfirmedWithItsHome() {
        String identityKey = Requests.newIdentityKey();
        MemberProfile normal = gyeonggiMember();
        MemberProfile provisional = new MemberProfile(normal.memberNumber(), normal.numberForm(),
                normal.issuingLibrary(), normal.homeRegion(), normal.name(), normal.birthDate(), normal.phone(),
                normal.address(), normal.category(), null, null, MemberStatus.PROVISIONAL, null, null, 1);
        TestHub.holds(provisional, hasher.hash(identityKey));
        importAt("111001", normal.memberNumber(), identityKey).then().statusCode(201)
                .body("status", equalTo("PROVISIONAL"))
                .body("category", equalTo("FULL"))
                .body("name", equalTo("박경기"));

        TestHub.holds(normal, hasher.hash(identityKey));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .get("/api/v1/libraries/111001/members/" + normal.memberNumber())
                .then().statusCode(200)
                .body("status", equalTo("NORMAL"))
                .body("category", equalTo("FULL")));
    }

    @Test
    void aProvisionalImportWhoseIdentityTheHomeRegionRefusesIsRemoved() {
        MemberProfile profile = gyeonggiMember();
        TestHub.holds(profile, hasher.hash(Requests.newIdentityKey()));
        TestHub.down(true);
        importAt("111001", profile.memberNumber(), Requests.newIdentityKey()).then().statusCode(201)
                .body("status", equalTo("PROVISIONAL"));

        TestHub.down(false);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                Db.count("select count(*) from member where member_number = ?1", profile.memberNumber()) == 0);
        assertThat(Db.column("select outcome from member_transfer_audit where member_number = ?1 order by id",
                profile.memberNumber())).containsExactly("PROVISIONAL", "REFUSED_IDENTITY_MISMATCH");
    }

    @Test
    void aCopyFollowsItsHomeChangesAndErasure() {
        String identityKey = Requests.newIdentityKey();
        MemberProfile profile = gyeonggiMember();
        TestHub.holds(profile, hasher.hash(identityKey));
        importAt("111001", profile.memberNumber(), identityKey).then().statusCode(201);

        // The home region changed the phone: the hub announces it, and the copy fetches the profile again.
        MemberProfile changed = new MemberProfile(profile.memberNumber(), profile.numberForm(), profile.issuingLibrary(),
                "gyeonggi", "박경기", profile.birthDate(), "010-7777-0000", null, MemberCategory.FULL, null, null,
                MemberStatus.NORMAL, null, null, 2);
        TestHub.holds(changed, hasher.hash(identityKey));
        Broker.sendDecision(Broker.fromHub(new MemberChanged(profile.memberNumber(), "gyeonggi", MemberCategory.FULL,
                null, null, MemberStatus.NORMAL, List.of("phone"), 2, TestClock.now())));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .get("/api/v1/libraries/111001/members/" + profile.memberNumber())
                .then().body("phone", equalTo("010-7777-0000")));

        Broker.sendDecision(Broker.fromHub(new MemberChanged(profile.memberNumber(), "gyeonggi", MemberCategory.FULL,
                null, null, MemberStatus.WITHDRAWN, List.of("status", "name", "phone"), 3, TestClock.now())));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(Db.rows(
                "select status, name, phone, birth_date, identity_hash from member where member_number = ?1",
                profile.memberNumber())).singleElement()
                .satisfies(row -> assertThat(row).containsExactly("WITHDRAWN", null, null, null, null)));
    }

    @Test
    void theHomeRegionHandsOutAProfileOnlyToTheRightIdentityAndAuditsBoth() {
        String identityKey = Requests.newIdentityKey();
        String number = enroll("111002", identityKey);
        String body = """
                {"requestingRegion":"gyeonggi","libraryCode":"141001","identityHash":"%s",
                 "consentAt":"2026-11-23T01:00:00Z","requestedBy":"desk-3","purpose":"IMPORT"}""";

        given().contentType(ContentType.JSON).body(body.formatted(hasher.hash(identityKey)))
                .post("/api/v1/federation/members/" + number + "/profile-transfers")
                .then().statusCode(200)
                .body("name", equalTo("김책이"))
                .body("homeRegion", equalTo("seoul"));
        given().contentType(ContentType.JSON).body(body.formatted(hasher.hash("CI-someone-else")))
                .post("/api/v1/federation/members/" + number + "/profile-transfers")
                .then().statusCode(422)
                .body("code", equalTo("IDENTITY_MISMATCH"));

        assertThat(Db.rows("select direction, outcome, library_code, requesting_region from member_transfer_audit"
                + " where member_number = ?1 order by id", number))
                .satisfiesExactly(
                        row -> assertThat(row).containsExactly("OUTGOING", "SENT", "141001", "gyeonggi"),
                        row -> assertThat(row).containsExactly("OUTGOING", "REFUSED_IDENTITY_MISMATCH", "141001",
                                "gyeonggi"));
    }

    private static synchronized MemberProfile gyeonggiMember() {
        String number = UnifiedMemberNumber.issue(LibraryCode.of("141001"), 26, ++serial).value();
        return new MemberProfile(number, NumberForm.CHECK_DIGIT, "141001", "gyeonggi", "박경기",
                LocalDate.of(1985, 3, 1), "010-3333-4444", "경기도 수원시", MemberCategory.FULL, null, null,
                MemberStatus.NORMAL, null, null, 1);
    }
}
