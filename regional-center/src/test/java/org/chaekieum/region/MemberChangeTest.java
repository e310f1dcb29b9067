package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.region.support.Desk.checkout;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.region.support.Desk.giveBack;
import static org.chaekieum.region.support.Desk.importAt;
import static org.chaekieum.region.support.Desk.item;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.MemberChanged;
import org.chaekieum.contracts.event.MemberUpdated;
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

/** Changes at the home region: contact data, category modifiers, status, withdrawal and retention. */
@QuarkusTest
class MemberChangeTest {

    private final EventCodec codec = new EventCodec();

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
    void aPhoneChangeIsAnnouncedByFieldNameNeverByValue() {
        String number = enroll("111001", Requests.newIdentityKey());

        patch("111001", number, "{\"phone\":\"010-8888-1212\",\"requestedBy\":\"desk-1\"}")
                .then().statusCode(200)
                .body("phone", equalTo("010-8888-1212"));

        ConsumerRecord<String, String> record = updates(number, 1).get(0);
        MemberUpdated updated = codec.payload(codec.read(record.value()), MemberUpdated.class);
        assertThat(updated.changedFields()).containsExactly("phone");
        assertThat(updated.profileVersion()).isEqualTo(2);
        assertThat(record.value()).doesNotContain("010-8888-1212", "김책이");
    }

    @Test
    void aMultiChildHouseholdModifierNeedsAFutureExpiry() {
        String number = enroll("111001", Requests.newIdentityKey());
        String expires = TestClock.today().plusYears(1).toString();

        patch("111001", number, """
                {"categoryModifier":"MULTI_CHILD","modifierExpiresOn":"%s","requestedBy":"desk-1"}""".formatted(expires))
                .then().statusCode(200)
                .body("categoryModifier", equalTo("MULTI_CHILD"))
                .body("modifierExpiresOn", equalTo(expires));
        patch("111001", number, "{\"categoryModifier\":\"\",\"requestedBy\":\"desk-1\"}")
                .then().statusCode(200)
                .body("categoryModifier", nullValue());
    }

    @Test
    void badChangesAreAllListedAndNothingChanges() {
        String number = enroll("111001", Requests.newIdentityKey());

        patch("111001", number, """
                {"phone":"12","category":"GOLD","categoryModifier":"MULTI_CHILD","modifierExpiresOn":"2001-01-01",
                 "status":"WITHDRAWN"}""")
                .then().statusCode(400)
                .body("errors.code", containsInAnyOrder("PHONE_INVALID", "CATEGORY_INVALID", "MODIFIER_INVALID",
                        "STATUS_CHANGE_INVALID", "FIELD_REQUIRED"));

        assertThat(Db.member(number).phone).isEqualTo("010-1234-5678");
    }

    @Test
    void aCopyOfAnotherRegionsMemberIsChangedAtItsHomeOnly() {
        String identityKey = Requests.newIdentityKey();
        String number = UnifiedMemberNumber.issue(LibraryCode.of("141002"), 26, 777).value();
        TestHub.holds(new MemberProfile(number, NumberForm.CHECK_DIGIT, "141002", "gyeonggi", "정경기",
                LocalDate.of(1970, 1, 1), "010-1111-2222", null, MemberCategory.FULL, null, null, MemberStatus.NORMAL,
                null, null, 1), hasher.hash(identityKey));
        importAt("111002", number, identityKey).then().statusCode(201);

        patch("111002", number, "{\"phone\":\"010-0000-0000\",\"requestedBy\":\"desk-1\"}")
                .then().statusCode(409)
                .body("code", equalTo("CHANGE_AT_HOME_REGION"));
        given().contentType(ContentType.JSON).body("{\"requestedBy\":\"desk-1\"}")
                .post("/api/v1/libraries/111002/members/" + number + "/withdrawal")
                .then().statusCode(409)
                .body("code", equalTo("CHANGE_AT_HOME_REGION"));
    }

    @Test
    void withdrawalErasesPersonalDataAndFreesTheIdentityForANewNumberLater() {
        String identityKey = Requests.newIdentityKey();
        String number = enroll("111001", identityKey);

        given().contentType(ContentType.JSON).body("{\"requestedBy\":\"desk-1\",\"reason\":\"member request\"}")
                .post("/api/v1/libraries/111001/members/" + number + "/withdrawal")
                .then().statusCode(200)
                .body("status", equalTo("WITHDRAWN"))
                .body("name", nullValue())
                .body("phone", nullValue());

        assertThat(Db.rows("select name, birth_date, phone, address, identity_hash, guardian_name, guardian_phone"
                + " from member where member_number = ?1", number)).singleElement()
                .satisfies(row -> assertThat(row).containsOnlyNulls());
        MemberUpdated updated = codec.payload(codec.read(updates(number, 1).get(0).value()), MemberUpdated.class);
        assertThat(updated.status()).isEqualTo(MemberStatus.WITHDRAWN);

        given().contentType(ContentType.JSON).body(Requests.adult(identityKey))
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(201)
                .body("memberNumber", not(equalTo(number)));
    }

    @Test
    void aWithdrawalWhereTheMemberIsNotRegisteredIsRefusedAsForAnUnknownNumberBeforeLoansAreAsked() {
        String number = enroll("111001", Requests.newIdentityKey());
        checkout("111001", number, item("111001"), null).then().statusCode(201);
        String unknown = UnifiedMemberNumber.issue(LibraryCode.of("111003"), 99, 99_998).value();
        int hubCalls = TestHub.calls();

        var nobody = withdraw("111002", unknown).then().statusCode(404).extract().jsonPath();
        var notHere = withdraw("111002", number).then().statusCode(404).extract().jsonPath();

        assertThat(notHere.getString("code")).isEqualTo("MEMBER_NOT_FOUND");
        assertThat(notHere.getString("detail")).isEqualTo(nobody.getString("detail"));
        assertThat(notHere.getString("detailKo")).isEqualTo(nobody.getString("detailKo"));
        assertThat(notHere.getMap("context")).isEqualTo(nobody.getMap("context"));
        assertThat(TestHub.calls()).as("the hub is not asked about the member's loans").isEqualTo(hubCalls);
        assertThat(Db.member(number).name).isEqualTo("김책이");
    }

    @Test
    void aProvisionalMemberBecomesNormalOnlyWhenTheHubConfirmsNeverByAChange() {
        TestHub.down(true);
        String number = enroll("111001", Requests.newIdentityKey());
        TestHub.down(false);
        assertThat(Db.member(number).status).isEqualTo(MemberStatus.PROVISIONAL);

        patch("111001", number, "{\"phone\":\"010-7777-1212\",\"status\":\"NORMAL\",\"requestedBy\":\"desk-1\"}")
                .then().statusCode(409)
                .body("code", equalTo("STATUS_CHANGE_NOT_PERMITTED"))
                .body("context.status", equalTo("PROVISIONAL"));

        assertThat(Db.member(number).status).isEqualTo(MemberStatus.PROVISIONAL);
        assertThat(Db.member(number).phone).as("nothing of the refused change is written").isEqualTo("010-1234-5678");
    }

    @Test
    void anExpulsionIsLiftedOnlyByTheLibraryThatSetItOrTheRegionsOperator() {
        String identityKey = Requests.newIdentityKey();
        String number = enroll("111001", identityKey);
        importAt("111002", number, identityKey).then().statusCode(201);
        patch("111002", number, "{\"status\":\"EXPELLED\",\"statusReason\":\"abuse\",\"requestedBy\":\"desk-2\"}")
                .then().statusCode(200).body("status", equalTo("EXPELLED"));

        patch("111001", number, "{\"status\":\"NORMAL\",\"requestedBy\":\"desk-1\"}")
                .then().statusCode(409)
                .body("code", equalTo("STATUS_CHANGE_NOT_PERMITTED"))
                .body("context.expelledByLibrary", equalTo("111002"))
                .body("detailKo", org.hamcrest.Matchers.containsString("111002"));
        assertThat(Db.member(number).status).isEqualTo(MemberStatus.EXPELLED);

        patch("111002", number, "{\"status\":\"NORMAL\",\"requestedBy\":\"desk-2\"}")
                .then().statusCode(200).body("status", equalTo("NORMAL"));

        patch("111002", number, "{\"status\":\"EXPELLED\",\"requestedBy\":\"desk-2\"}").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"reason\":\"appeal granted\"}")
                .post("/api/v1/operator/members/" + number + "/expulsion-lifts")
                .then().statusCode(204);
        assertThat(Db.member(number).status).isEqualTo(MemberStatus.NORMAL);
        assertThat(Db.member(number).statusReason).contains("appeal granted");
        MemberUpdated lifted = codec.payload(codec.read(updates(number, 4).get(3).value()), MemberUpdated.class);
        assertThat(lifted.status()).isEqualTo(MemberStatus.NORMAL);
    }

    @Test
    void theRetentionRunErasesOnlyMembersInactiveForTheConfiguredYears() {
        String dormant = enroll("111002", Requests.newIdentityKey());
        String active = enroll("111002", Requests.newIdentityKey());
        Db.update("update member set last_activity_at = now() - interval '6 years' where member_number = ?1", dormant);

        given().post("/api/v1/operator/retention-runs")
                .then().statusCode(200)
                .body("memberNumbers", hasItem(dormant))
                .body("memberNumbers", not(hasItem(active)));

        assertThat(Db.member(dormant).status).isEqualTo(MemberStatus.WITHDRAWN);
        assertThat(Db.member(dormant).name).isNull();
        assertThat(Db.member(active).name).isEqualTo("김책이");
        assertThat(updates(dormant, 1)).isNotEmpty();
    }

    @Test
    void aSuspensionsReasonIsErasedWithTheMember() {
        String number = enroll("111001", Requests.newIdentityKey());
        given().contentType(ContentType.JSON).body("""
                        {"suspendedUntil":"%s","reason":"damaged a book; mother called from 010-5555-6666"}"""
                        .formatted(TestClock.today().plusDays(10)))
                .post("/api/v1/libraries/111001/members/" + number + "/suspensions").then().statusCode(201);

        withdraw("111001", number).then().statusCode(200);

        assertThat(Db.member(number).suspensionReason).isNull();
    }

    @Test
    void theRetentionRunRemovesImportedCopiesInactiveHereAndAnnouncesNothingForThem() {
        String identityKey = Requests.newIdentityKey();
        String number = UnifiedMemberNumber.issue(LibraryCode.of("141002"), 25, nextSerial()).value();
        TestHub.holds(new MemberProfile(number, NumberForm.CHECK_DIGIT, "141002", "gyeonggi", "정경기",
                LocalDate.of(1970, 1, 1), "010-1111-2222", "경기도 성남시", MemberCategory.FULL, null, null,
                MemberStatus.NORMAL, null, null, 1), hasher.hash(identityKey));
        importAt("111002", number, identityKey).then().statusCode(201);
        String lent = item("111002");
        checkout("111002", number, lent, null).then().statusCode(201);
        giveBack("111002", lent).then().statusCode(200);
        Db.update("update member set last_activity_at = now() - interval '6 years' where member_number = ?1", number);
        long copyId = Db.member(number).id;

        given().post("/api/v1/operator/retention-runs")
                .then().statusCode(200)
                .body("memberNumbers", hasItem(number));

        assertThat(Db.count("select count(*) from member where member_number = ?1", number)).isZero();
        assertThat(Db.count("select count(*) from member_registration where member_id = ?1", copyId)).isZero();
        assertThat(Db.count("select count(*) from loan where item_barcode = ?1 and member_number is null", lent))
                .as("the copy's loan history stays, anonymised").isOne();
        assertThat(Db.count("select count(*) from outbox_event where message_key = ?1"
                + " and event_type like '%member.updated%'", number)).as("nothing announced for a copy").isZero();
    }

    @Test
    void aLoanReturnedAfterTheMembersErasureIsAnonymisedToo() {
        String identityKey = Requests.newIdentityKey();
        String number = UnifiedMemberNumber.issue(LibraryCode.of("141002"), 25, nextSerial()).value();
        TestHub.holds(new MemberProfile(number, NumberForm.CHECK_DIGIT, "141002", "gyeonggi", "정경기",
                LocalDate.of(1970, 1, 1), "010-1111-2222", null, MemberCategory.FULL, null, null,
                MemberStatus.NORMAL, null, null, 1), hasher.hash(identityKey));
        importAt("111002", number, identityKey).then().statusCode(201);
        String lent = item("111002");
        checkout("111002", number, lent, null).then().statusCode(201);
        // The home region erased the member (its retention sees only its own loans): the copy here is erased too.
        Broker.sendDecision(Broker.fromHub(new MemberChanged(number, "gyeonggi", MemberCategory.FULL, null, null,
                MemberStatus.WITHDRAWN, List.of("status", "name", "phone"), 2, TestClock.now())));
        await().atMost(Duration.ofSeconds(15)).until(() -> Db.member(number).erasedAt != null);

        giveBack("111002", lent).then().statusCode(200);

        assertThat(Db.count("select count(*) from loan where item_barcode = ?1", lent)).isOne();
        assertThat(Db.count("select count(*) from loan where item_barcode = ?1 and member_number is null", lent))
                .isOne();
    }

    private static synchronized int nextSerial() {
        return ++serial;
    }

    private static int serial = (int) (System.nanoTime() % 50_000);

    private static io.restassured.response.Response withdraw(String library, String number) {
        return given().contentType(ContentType.JSON).body("{\"requestedBy\":\"desk-1\"}")
                .post("/api/v1/libraries/" + library + "/members/" + number + "/withdrawal");
    }

    private static io.restassured.response.Response patch(String library, String number, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .patch("/api/v1/libraries/" + library + "/members/" + number);
    }

    private static List<ConsumerRecord<String, String>> updates(String number, int count) {
        return Broker.memberEvents(number, count, "member.updated.v1");
    }
}
