package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client's mistake gets 400 problem+json listing every field error with stable codes, and nothing is written. */
@QuarkusTest
class BadInputTest {

    private List<Long> before;

    @BeforeEach
    void countRows() {
        TestHub.reset();
        before = counts();
    }

    @AfterEach
    void nothingWritten() {
        assertThat(counts()).as("members, registrations, serials, outbox rows").isEqualTo(before);
    }

    @Test
    void malformedJsonIsRefused() {
        given().contentType(ContentType.JSON).body("{\"name\": \"김\", ")
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_REQUEST"))
                .body("status", equalTo(400))
                .body("title", notNullValue())
                .body("titleKo", notNullValue())
                .body("instance", equalTo("/api/v1/libraries/111001/members"));
    }

    @Test
    void wrongJsonTypeNamesTheField() {
        given().contentType(ContentType.JSON).body("{\"name\":\"김\",\"consents\":\"yes\"}")
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(400)
                .body("code", equalTo("MALFORMED_REQUEST"))
                .body("errors.field", hasItem("consents"));
    }

    @Test
    void emptyBodyIsRefused() {
        given().contentType(ContentType.JSON)
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(400)
                .body("code", equalTo("MALFORMED_REQUEST"));
    }

    @Test
    void everyMissingFieldIsListedAtOnce() {
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", containsInAnyOrder("name", "birthDate", "phone", "identityKey", "category",
                        "consents.personalData"))
                .body("errors.find { it.field == 'name' }.code", equalTo("FIELD_REQUIRED"))
                .body("errors.find { it.field == 'consents.personalData' }.code", equalTo("CONSENT_REQUIRED"))
                .body("errors.find { it.field == 'name' }.messageKo", equalTo("필수 항목입니다."));
    }

    @Test
    void wrongLibraryCodeLengthAndBadValuesAreListedTogether() {
        String body = """
                {"name":"김책이","birthDate":"1990-13-45","phone":"12345","identityKey":"CI-x","category":"VIP",
                 "consents":{"personalData":true}}""";
        given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/libraries/11100/members")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.code", containsInAnyOrder("LIBRARY_CODE_INVALID", "BIRTH_DATE_INVALID", "PHONE_INVALID",
                        "CATEGORY_INVALID"));
    }

    @Test
    void aChildWithoutGuardianIsRefused() {
        String birthDate = TestClock.today().minusYears(13).plusDays(1).toString();
        String body = """
                {"name":"박어린","birthDate":"%s","phone":"010-2222-3333","identityKey":"%s","category":"FULL",
                 "consents":{"personalData":true}}""".formatted(birthDate, Requests.newIdentityKey());
        given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("guardian.name", "guardian.phone", "guardian.consent"))
                .body("errors.code", hasItem("GUARDIAN_REQUIRED"));
    }

    @Test
    void aLibraryOfAnotherRegionIsNotServedHere() {
        // A library system may act for libraries of several regions; this center still serves only its own.
        given().header("Authorization", "Bearer " + TestTokens.librarySystem("111001", "141001"))
                .contentType(ContentType.JSON).body(Requests.adult(Requests.newIdentityKey()))
                .post("/api/v1/libraries/141001/members")
                .then().statusCode(404)
                .body("code", equalTo("LIBRARY_NOT_IN_REGION"));
    }

    @Test
    void aBadCheckDigitIsNamedAsSuch() {
        given().get("/api/v1/libraries/111001/members/12345624000016")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("MEMBER_NUMBER_CHECK_DIGIT"));
        given().get("/api/v1/libraries/111001/members/1234562400001")
                .then().statusCode(400)
                .body("code", equalTo("MEMBER_NUMBER_INVALID"));
        given().get("/api/v1/libraries/111001/members/12345624000015")
                .then().statusCode(404)
                .body("code", equalTo("MEMBER_NOT_FOUND"));
    }

    @Test
    void wrongMediaTypeAndUnknownPathsAreProblemsToo() {
        given().contentType(ContentType.TEXT).body("hello")
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().get("/api/v1/nothing-here")
                .then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
    }

    private static List<Long> counts() {
        return QuarkusTransaction.requiringNew().call(() -> List.of(
                count("member"), count("member_registration"), count("member_serial"), count("outbox_event")));
    }

    private static long count(String table) {
        return ((Number) Member.getEntityManager().createNativeQuery("select count(*) from " + table).getSingleResult())
                .longValue();
    }
}
