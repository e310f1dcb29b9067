package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.chaekieum.region.support.Desk.checkout;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.region.support.Desk.giveBack;
import static org.chaekieum.region.support.Desk.item;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A library that takes back another library's item (타관반납), here or in another region, learns what the desk needs
 * (the item, its due date, its way home) and never who borrowed it; the lending library still does.
 */
@QuarkusTest
class ReturnAnswerTest {

    @BeforeEach
    @AfterEach
    void hub() {
        TestHub.reset();
    }

    @Test
    void aReturnAtAnotherLibraryOfTheRegionDoesNotNameTheBorrower() {
        String member = enroll("111001", Requests.newIdentityKey());
        String away = item("111001");
        String home = item("111001");
        checkout("111001", member, away, null).then().statusCode(201);
        checkout("111001", member, home, null).then().statusCode(201);

        giveBack("111002", away, "ret-" + away).then().statusCode(200)
                .body("memberNumber", nullValue())
                .body("itemBarcode", equalTo(away))
                .body("owningLibrary", equalTo("111001"))
                .body("dueOn", notNullValue())
                .body("returnedAtLibrary", equalTo("111002"))
                .body("transit", equalTo("RETURNED_ELSEWHERE"));
        // The saved answer, given again to a resend, is the same.
        giveBack("111002", away, "ret-" + away).then().statusCode(200).body("memberNumber", nullValue());
        giveBack("111001", home).then().statusCode(200).body("memberNumber", equalTo(member));

        given().get("/api/v1/libraries/111002/transits").then().statusCode(200)
                .body("itemBarcode", hasItem(away))
                .body("memberNumber", not(hasItem(member)));
        given().contentType(ContentType.JSON).body("{\"state\":\"SHIPPED\"}")
                .post("/api/v1/libraries/111002/items/" + away + "/transit").then().statusCode(200)
                .body("transit", equalTo("SHIPPED"))
                .body("memberNumber", nullValue());
    }

    @Test
    void aReturnOfAnotherRegionsItemAndTheOwningRegionsAnswerDoNotNameTheBorrower() {
        String borrowed = "$141001EM" + String.format("%010d", System.nanoTime() % 10_000_000_000L);
        TestHub.lentElsewhere(borrowed, "14100126000011");
        giveBack("111001", borrowed).then().statusCode(200)
                .body("itemBarcode", equalTo(borrowed))
                .body("transit", equalTo("RETURNED_ELSEWHERE"))
                .body("memberNumber", nullValue());

        // This region as the owning one: a return at a library of another region, routed through the hub.
        String member = enroll("111001", Requests.newIdentityKey());
        String lent = item("111001");
        checkout("111001", member, lent, null).then().statusCode(201);
        given().contentType(ContentType.JSON).body("""
                        {"itemBarcode":"%s","returnedAtLibrary":"141001","returnedAt":"%s","requestingRegion":"gyeonggi"}"""
                        .formatted(lent, TestClock.now()))
                .post("/api/v1/federation/returns").then().statusCode(200)
                .body("itemBarcode", equalTo(lent))
                .body("returnedAtLibrary", equalTo("141001"))
                .body("memberNumber", nullValue());
    }
}
