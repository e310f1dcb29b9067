package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.LocalDate;
import org.chaekieum.region.config.ClockProducer;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a self-check kiosk (무인 대출반납기, through its SIP2 gateway) reads as a library system: the patron's status with
 * the shared suspension it shows ("suspended until ... by ..."), and the loan of one of the library's own items.
 */
@QuarkusTest
class SelfCheckLookupsTest {

    @BeforeEach
    void hub() {
        TestHub.reset();
    }

    @Test
    void aMemberReadShowsTheSharedSuspensionWhileItRunsAndNothingOtherwise() {
        String key = Requests.newIdentityKey();
        String member = ImportTest.enroll("111001", key);
        ImportTest.importAt("111002", member, key).then().statusCode(201);
        LocalDate today = LocalDate.now(ClockProducer.KOREA);

        readMember("111002", member).then().statusCode(200)
                .body("$", not(hasKey("suspendedUntil")))
                .body("$", not(hasKey("suspendedByLibrary")));

        // Suspended for 111001: every library of the federation sees it (대출정지정책공유), here at 111002.
        given().contentType(ContentType.JSON).body("""
                        {"libraryCode":"111001","suspendedUntil":"%s","reason":"damaged a book"}"""
                        .formatted(today.plusDays(10)))
                .post("/api/v1/operator/members/" + member + "/suspensions").then().statusCode(201);
        readMember("111002", member).then().statusCode(200)
                .body("suspendedUntil", equalTo(today.plusDays(10).toString()))
                .body("suspendedByLibrary", equalTo("111001"));
        readMember("111001", member).then().statusCode(200)
                .body("suspendedUntil", equalTo(today.plusDays(10).toString()))
                .body("suspendedByLibrary", equalTo("111001"));

        // Its last day still counts (Korean time); the day after, the member reads as not suspended.
        Db.update("update member set suspended_until = ?2 where member_number = ?1", member, today);
        readMember("111002", member).then().statusCode(200)
                .body("suspendedUntil", equalTo(today.toString()))
                .body("suspendedByLibrary", equalTo("111001"));
        Db.update("update member set suspended_until = ?2 where member_number = ?1", member, today.minusDays(1));
        readMember("111002", member).then().statusCode(200)
                .body("$", not(hasKey("suspendedUntil")))
                .body("$", not(hasKey("suspendedByLibrary")));
    }

    @Test
    void aLiftedSuspensionIsGoneFromTheMemberRead() {
        String member = ImportTest.enroll("111001", Requests.newIdentityKey());
        LocalDate today = LocalDate.now(ClockProducer.KOREA);
        given().contentType(ContentType.JSON).body("""
                        {"libraryCode":"111001","suspendedUntil":"%s","reason":"late"}""".formatted(today.plusDays(3)))
                .post("/api/v1/operator/members/" + member + "/suspensions").then().statusCode(201);
        readMember("111001", member).then().statusCode(200).body("suspendedByLibrary", equalTo("111001"));

        given().contentType(ContentType.JSON).body("{\"reason\":\"returned after all\"}")
                .post("/api/v1/operator/members/" + member + "/suspension-lifts").then().statusCode(204);
        readMember("111001", member).then().statusCode(200)
                .body("$", not(hasKey("suspendedUntil")))
                .body("$", not(hasKey("suspendedByLibrary")));
    }

    private static io.restassured.response.Response readMember(String library, String member) {
        return given().get("/api/v1/libraries/" + library + "/members/" + member);
    }
}
