package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.testsupport.TestClock.today;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.MemberSuspensionLifted;
import org.chaekieum.region.support.Broker;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What member.suspension-lifted tells the hub: a library system's lift names its library (the hub ends that library's
 * suspension only); an operator's lift names none (every library of the region, as before).
 */
@QuarkusTest
class SuspensionLiftEventTest {

    private static final String LIBRARY = "111003";
    private static final EventCodec CODEC = new EventCodec();

    @BeforeEach
    void hub() {
        TestHub.reset();
    }

    @Test
    void aLibrarySystemsLiftNamesItsLibrary() {
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        given().contentType(ContentType.JSON).body("{\"suspendedUntil\":\"%s\",\"reason\":\"lost item\"}"
                        .formatted(today().plusDays(5)))
                .post("/api/v1/libraries/" + LIBRARY + "/members/" + member + "/suspensions").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"reason\":\"paid\"}")
                .post("/api/v1/libraries/" + LIBRARY + "/members/" + member + "/suspension-lifts").then()
                .statusCode(204);
        assertThat(Db.member(member).suspendedUntil).isNull();

        MemberSuspensionLifted lifted = lifted(member);
        assertThat(lifted.libraryCode()).isEqualTo(LIBRARY);
        assertThat(lifted.region()).isEqualTo("seoul");
        assertThat(lifted.reason()).isEqualTo("paid");
    }

    @Test
    void anOperatorsLiftNamesNoLibrary() {
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        given().contentType(ContentType.JSON).body(("{\"libraryCode\":\"%s\",\"suspendedUntil\":\"%s\","
                        + "\"reason\":\"damaged\"}").formatted(LIBRARY, today().plusDays(9)))
                .post("/api/v1/operator/members/" + member + "/suspensions").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"reason\":\"waived\"}")
                .post("/api/v1/operator/members/" + member + "/suspension-lifts").then().statusCode(204);
        assertThat(Db.member(member).suspendedUntil).isNull();

        MemberSuspensionLifted lifted = lifted(member);
        assertThat(lifted.libraryCode()).isNull();
        assertThat(lifted.region()).isEqualTo("seoul");
        assertThat(lifted.reason()).isEqualTo("waived");
    }

    /**
     * The region records only the longest suspension, the hub every library's: a library's shorter suspension, and its
     * lift, reach the hub even while another library's longer one is the region's record. Otherwise the shorter one
     * would be lost when the longer is lifted, or, lifted here, would come back from the hub when the longer ends.
     */
    @Test
    void aLibrarysSuspensionAndItsLiftReachTheHubWhileALongerOneRuns() {
        String member = enroll(LIBRARY, Requests.newIdentityKey());
        given().contentType(ContentType.JSON).body(("{\"libraryCode\":\"111001\",\"suspendedUntil\":\"%s\","
                        + "\"reason\":\"damaged\"}").formatted(today().plusDays(9)))
                .post("/api/v1/operator/members/" + member + "/suspensions").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"suspendedUntil\":\"%s\",\"reason\":\"lost item\"}"
                        .formatted(today().plusDays(5)))
                .post("/api/v1/libraries/" + LIBRARY + "/members/" + member + "/suspensions").then().statusCode(200);
        assertThat(Db.member(member).suspendedUntil).isEqualTo(today().plusDays(9));

        MemberSuspended shorter = CODEC.payload(CODEC.read(Broker.memberEvents(member, 1, "member.suspended",
                "\"setByLibrary\":\"" + LIBRARY + "\"").get(0).value()), MemberSuspended.class);
        assertThat(shorter.suspendedUntil()).isEqualTo(today().plusDays(5));

        given().contentType(ContentType.JSON).body("{\"reason\":\"paid\"}")
                .post("/api/v1/libraries/" + LIBRARY + "/members/" + member + "/suspension-lifts").then()
                .statusCode(204);
        // Here the longer one (111001's) stays; at the hub, 111003's ends.
        assertThat(Db.member(member).suspendedUntil).isEqualTo(today().plusDays(9));
        MemberSuspensionLifted lifted = lifted(member);
        assertThat(lifted.libraryCode()).isEqualTo(LIBRARY);
        assertThat(lifted.region()).isEqualTo("seoul");
    }

    /** The member's (only) member.suspension-lifted event, as the hub reads it. */
    private static MemberSuspensionLifted lifted(String member) {
        return Broker.memberEvent(member, MemberSuspensionLifted.class, "member.suspension-lifted.v1");
    }
}
