package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.LocalDate;
import java.util.List;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Desk;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.chaekieum.testsupport.TestTokens;
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
        String member = Desk.enroll("111001", key);
        Desk.importAt("111002", member, key).then().statusCode(201);
        LocalDate today = TestClock.today();

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
        String member = Desk.enroll("111001", Requests.newIdentityKey());
        LocalDate today = TestClock.today();
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

    @Test
    void anItemOfTheLibraryOnLoanAnswersItsLoanAndNotOnLoanOnceReturned() {
        String member = Desk.enroll("111001", Requests.newIdentityKey());
        String item = Desk.item("111001");
        String loanId = Desk.checkout("111001", member, item, null).then().statusCode(201)
                .extract().path("loanId");
        String dueOn = given().get("/api/v1/libraries/111001/items/" + item + "/loan").then().statusCode(200)
                .body("loanId", equalTo(loanId))
                .body("memberNumber", equalTo(member))
                .body("libraryCode", equalTo("111001"))
                .body("owningLibrary", equalTo("111001"))
                .body("itemBarcode", equalTo(item))
                .body("status", equalTo("ACTIVE"))
                .body("renewals", equalTo(0))
                .extract().path("dueOn");
        org.assertj.core.api.Assertions.assertThat(dueOn).isEqualTo(
                Db.column("select cast(due_on as text) from loan where id = cast(?1 as uuid)", loanId).get(0));
        // The 18-character form (without '$') names the same item.
        given().get("/api/v1/libraries/111001/items/" + item.substring(1) + "/loan").then().statusCode(200)
                .body("loanId", equalTo(loanId));

        Desk.giveBack("111002", item).then().statusCode(200); // returned elsewhere: in transit home
        itemNotOnLoan("111001", item);
        itemNotOnLoan("111001", Desk.item("111001")); // never lent
    }

    @Test
    void anItemOfAnotherLibraryIsNotOnLoanHereWhoeverHasIt() {
        String member = Desk.enroll("111002", Requests.newIdentityKey());
        String item = Desk.item("111002");
        Desk.checkout("111002", member, item, null).then().statusCode(201);

        // Asked at 111001, with a token for 111001 alone and with one for both: the same answer as for an item of
        // 111002 that nobody has, and nobody named.
        String notLent = Desk.item("111002");
        for (String token : List.of(TestTokens.librarySystem("111001"),
                TestTokens.librarySystem("111001", "111002"))) {
            String body = given().header("Authorization", "Bearer " + token)
                    .get("/api/v1/libraries/111001/items/" + item + "/loan").then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("code", equalTo("ITEM_NOT_ON_LOAN"))
                    .body("$", not(hasKey("context")))
                    .extract().asString();
            String nobodys = given().header("Authorization", "Bearer " + token)
                    .get("/api/v1/libraries/111001/items/" + notLent + "/loan").then().statusCode(404)
                    .extract().asString();
            org.assertj.core.api.Assertions.assertThat(body).doesNotContain(member)
                    .isEqualTo(nobodys.replace(notLent, item));
        }
        // Its own library sees the loan.
        given().get("/api/v1/libraries/111002/items/" + item + "/loan").then().statusCode(200)
                .body("memberNumber", equalTo(member));
        // An item of another region too: this region holds none of its loans.
        itemNotOnLoan("111001", Desk.item("141001"));
    }

    @Test
    void aMalformedBarcodeOrLibraryIsA400AndALibraryOfAnotherRegionA404() {
        given().get("/api/v1/libraries/111001/items/$11100XEM0000000001/loan").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("itemBarcode"))
                .body("errors[0].code", equalTo("ITEM_BARCODE_INVALID"));
        given().get("/api/v1/libraries/111001/items/12345/loan").then().statusCode(400)
                .body("errors[0].code", equalTo("ITEM_BARCODE_INVALID"));
        given().get("/api/v1/libraries/11100/items/" + Desk.item("111001") + "/loan").then()
                .statusCode(400)
                .body("errors.code", org.hamcrest.Matchers.hasItem("LIBRARY_CODE_INVALID"));
        given().header("Authorization", "Bearer " + TestTokens.librarySystem("141001"))
                .get("/api/v1/libraries/141001/items/" + Desk.item("141001") + "/loan").then()
                .statusCode(404)
                .body("code", equalTo("LIBRARY_NOT_IN_REGION"));
    }

    private static void itemNotOnLoan(String library, String item) {
        given().get("/api/v1/libraries/" + library + "/items/" + item + "/loan").then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("ITEM_NOT_ON_LOAN"));
    }

    private static io.restassured.response.Response readMember(String library, String member) {
        return given().get("/api/v1/libraries/" + library + "/members/" + member);
    }
}
