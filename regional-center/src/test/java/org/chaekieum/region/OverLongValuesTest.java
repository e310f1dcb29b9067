package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.chaekieum.region.support.Desk;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.RowCounts;
import org.chaekieum.testsupport.TestClock;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over-long and unstorable values are refused up front (issue 11, item 4): 400 naming the field, before any database
 * write or hub call. Each of these was a 500 INTERNAL_ERROR once the value reached its column (the last two after the
 * hub had been asked).
 */
@QuarkusTest
class OverLongValuesTest {

    private RowCounts counts;
    private Map<String, Long> before;

    @BeforeEach
    void countRows() {
        counts = RowCounts.ofTestDatabase();
    }

    @AfterEach
    void close() {
        counts.close();
    }

    /** Starts counting once the test's own set-up is written. */
    private void nothingWrittenFromHereOn() {
        TestHub.reset();
        before = counts.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    private void nothingWasWritten() {
        assertThat(counts.now()).as("row counts of every table").isEqualTo(before);
        assertThat(TestHub.calls()).as("calls that reached the hub").isZero();
    }

    @Test
    void aGuardiansNameOf5000CharactersIsRefusedBeforeTheHubIsAsked() {
        nothingWrittenFromHereOn();
        String birthDate = TestClock.today().minusYears(10).toString();
        String body = Requests.child(Requests.newIdentityKey(), birthDate)
                .replace("\"박보호\"", "\"" + "보".repeat(5000) + "\"");
        given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.find { it.field == 'guardian.name' }.code", equalTo("FIELD_TOO_LONG"))
                .body("errors.find { it.field == 'guardian.name' }.message", equalTo(
                        "This value is too long: at most 100 characters."));
        nothingWasWritten();
    }

    @Test
    void anIdempotencyKeyOf300CharactersIsRefusedBeforeTheHubIsAsked() {
        String member = Desk.enroll("111001", Requests.newIdentityKey());
        String item = Desk.item("111001");
        nothingWrittenFromHereOn();
        Desk.checkout("111001", member, item, "k".repeat(300))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("Idempotency-Key"))
                .body("errors[0].code", equalTo("FIELD_TOO_LONG"));
        nothingWasWritten();
        Desk.checkout("111001", member, item, "k".repeat(128)).then().statusCode(201);
    }

    @Test
    void aCallerWithoutTheRightTokenLearnsNothingOfItsIdempotencyKey() {
        String body = "{\"memberNumber\":\"12345624000015\",\"itemBarcode\":\"$111001EM0000000001\"}";
        nothingWrittenFromHereOn();
        given().header("Authorization", "Bearer " + TestTokens.expired("111001")).header("Idempotency-Key", "k".repeat(300))
                .contentType(ContentType.JSON).body(body).post("/api/v1/libraries/111001/checkouts")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Bearer " + TestTokens.operator("seoul")).header("Idempotency-Key", "")
                .contentType(ContentType.JSON).body(body).post("/api/v1/libraries/111001/checkouts")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        nothingWasWritten();
    }

    @Test
    void anOperatorsSuspensionReasonThatWouldNotFitItsColumnIsRefused() {
        String member = Desk.enroll("111001", Requests.newIdentityKey());
        nothingWrittenFromHereOn();
        String until = TestClock.today().plusDays(30).toString();
        // Stored as "Set by an operator: " + reason in a 300-character column: 295 characters would not fit.
        given().contentType(ContentType.JSON)
                .body(Map.of("libraryCode", "111001", "suspendedUntil", until, "reason", "r".repeat(295)))
                .post("/api/v1/operator/members/" + member + "/suspensions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("reason"))
                .body("errors.find { it.field == 'reason' }.code", equalTo("FIELD_TOO_LONG"))
                .body("errors.find { it.field == 'reason' }.message", equalTo(
                        "This value is too long: at most 280 characters."));
        nothingWasWritten();
        given().contentType(ContentType.JSON)
                .body(Map.of("libraryCode", "111001", "suspendedUntil", until, "reason", "r".repeat(280)))
                .post("/api/v1/operator/members/" + member + "/suspensions")
                .then().statusCode(201);
    }

    @Test
    void aNulCharacterIsRefusedAsAnInvalidValueOfItsField() {
        nothingWrittenFromHereOn();
        String body = Requests.adult(Requests.newIdentityKey()).replace("세종대로 110", "세종대로\\u0000110");
        given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/libraries/111001/members")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.find { it.field == 'address' }.code", equalTo("FIELD_INVALID"));
        nothingWasWritten();
    }
}
