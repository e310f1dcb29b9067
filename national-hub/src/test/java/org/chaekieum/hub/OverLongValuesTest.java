package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.hub.support.TestEvents;
import org.chaekieum.testsupport.RowCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the write-endpoint fuzz found at the hub (issue 11, item 4): values PostgreSQL cannot take were 500s, and an
 * over-long loan id in a release was silently accepted. Each is now a 400 naming the field, and nothing is written.
 */
@QuarkusTest
class OverLongValuesTest {

    private RowCounts counts;
    private Map<String, Long> before;

    @BeforeEach
    void countRows() {
        counts = RowCounts.ofTestDatabase();
        before = counts.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    @AfterEach
    void nothingWritten() {
        assertThat(counts.now()).as("row counts of every table").isEqualTo(before);
        counts.close();
    }

    @Test
    void anIdentityHashWithANulCharacterOrOverItsBoundIsRefused() {
        given().contentType(ContentType.JSON).body(Map.of("identityHash", "h\u0000" + "a".repeat(62)))
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("identityHash"))
                .body("errors[0].code", equalTo("FIELD_INVALID"));
        given().contentType(ContentType.JSON).body(Map.of("identityHash", "h".repeat(129)))
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].code", equalTo("FIELD_TOO_LONG"));
    }

    @Test
    void aDueDateNoDatabaseCanHoldIsRefused() {
        String body = """
                {"loanId":"%s","memberNumber":"%s","libraryCode":"111001","region":"seoul",
                 "itemBarcode":"$111001EM0000000001","dueOn":"+999999999-12-31"}"""
                .formatted(UUID.randomUUID(), TestEvents.newNumber());
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/national/loan-reservations")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("dueOn"))
                .body("errors[0].code", equalTo("FIELD_INVALID"));
    }

    @Test
    void aLoanIdThatIsNotOneIsRefusedRatherThanIgnored() {
        given().when().delete("/api/v1/national/loan-reservations/{id}", "l".repeat(300))
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("loanId"))
                .body("errors[0].code", equalTo("FIELD_TOO_LONG"));
        given().when().delete("/api/v1/national/loan-reservations/{id}", "no such loan")
                .then().statusCode(400).body("errors[0].code", equalTo("FIELD_INVALID"));
        given().when().delete("/api/v1/national/loan-reservations/{id}", "no-such-loan").then().statusCode(204);
    }
}
