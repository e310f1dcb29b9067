package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.hub.support.TestEvents;
import org.junit.jupiter.api.Test;

/** The hub's REST answers to client mistakes (RFC 9457 problems) and its schema. Shares the app of the other tests. */
@QuarkusTest
class NationalRegistryApiTest {

    @Inject
    DataSource dataSource;

    @Test
    void malformedMemberNumberIsA400Problem() {
        given().when().get("/api/v1/national/members/{n}", "12345")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("MEMBER_NUMBER_INVALID"))
                .body("status", equalTo(400))
                .body("type", equalTo("https://chaekieum.org/problems/member-number-invalid"))
                .body("title", equalTo("A unified member number is exactly 14 digits."))
                .body("titleKo", equalTo("통합회원번호는 숫자 14자리여야 합니다."))
                .body("instance", equalTo("/api/v1/national/members/12345"));
    }

    @Test
    void wrongCheckDigitIsA400Problem() {
        given().when().get("/api/v1/national/members/{n}", TestEvents.withWrongCheckDigit("12345624000015"))
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("MEMBER_NUMBER_CHECK_DIGIT"));
    }

    @Test
    void unknownMemberNumberIsA404Problem() {
        given().when().get("/api/v1/national/members/{n}", "12345624000015")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("MEMBER_NOT_FOUND"))
                .body("type", equalTo("https://chaekieum.org/problems/member-not-found"))
                .body("detailKo", startsWith("국가 등록부에"))
                .body("instance", equalTo("/api/v1/national/members/12345624000015"));
    }

    @Test
    void blankIdentityHashIsA400Problem() {
        given().contentType(ContentType.JSON).body(Map.of("identityHash", " "))
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("identityHash"))
                .body("errors[0].code", equalTo("FIELD_REQUIRED"));
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void malformedJsonIsA400Problem() {
        given().contentType(ContentType.JSON).body("{\"identityHash\": ")
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("MALFORMED_REQUEST"));
        given().contentType(ContentType.JSON).body("{\"identityHash\": {\"nested\": 1}}")
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("MALFORMED_REQUEST"));
    }

    @Test
    void wrongMediaTypeMethodAndPathAreProblems() {
        given().contentType(ContentType.TEXT).body("hello")
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(415).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().when().delete("/api/v1/national/members/12345624000015")
                .then().statusCode(405).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("METHOD_NOT_ALLOWED"));
        given().when().get("/api/v1/national/nothing-here")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void badLimitIsA400Problem() {
        given().when().get("/api/v1/national/refusals?limit=lots")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("FIELD_INVALID"))
                .body("errors[0].field", equalTo("limit"));
        given().when().get("/api/v1/national/duplicates?limit=0")
                .then().statusCode(400).body("code", equalTo("FIELD_INVALID"));
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/national/identity-lookups"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void databaseAllowsOneActiveNumberPerIdentity() throws SQLException {
        String hash = TestEvents.newIdentityHash();
        String insert = "insert into national_member (member_number, number_form, issuing_library, region, "
                + "identity_hash, category, status, linked_to, registered_at, updated_at) "
                + "values (?, 'CHECK_DIGIT', ?, 'seoul', ?, 'FULL', ?, ?, now(), now())";
        String first = TestEvents.newNumber();
        String second = TestEvents.newNumber();
        String third = TestEvents.newNumber();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement(insert)) {
                bind(ps, first, hash, "NORMAL", null).executeUpdate();
                // The same person may hold further numbers only as linked (retired) ones.
                bind(ps, third, hash, "LINKED", first).executeUpdate();
                var savepoint = c.setSavepoint();
                assertThatThrownBy(() -> bind(ps, second, hash, "NORMAL", null).executeUpdate())
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
                c.rollback(savepoint);
            } finally {
                c.rollback();
            }
        }
    }

    private static PreparedStatement bind(PreparedStatement ps, String number, String hash,
                                                   String status, String linkedTo) throws SQLException {
        ps.setString(1, number);
        ps.setString(2, number.substring(0, 6));
        ps.setString(3, hash);
        ps.setString(4, status);
        ps.setString(5, linkedTo);
        return ps;
    }

    @Test
    void hubSchemaHoldsNoPersonalData() throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select table_name, column_name from information_schema.columns "
                             + "where table_schema in (current_schema(), 'statistics') "
                             + "and table_name <> 'flyway_schema_history'")) {
            while (rs.next()) {
                columns.add(rs.getString(1) + "." + rs.getString(2).toLowerCase(Locale.ROOT));
            }
        }
        assertThat(columns).contains("national_member.identity_hash", "national_member.member_number",
                "processed_event.event_id", "outbox_event.published_at", "refused_number.error_code",
                "library_day_borrower.member_number", "library_day.checkouts");
        assertThat(columns).noneMatch(c -> {
            String column = c.substring(c.indexOf('.') + 1);
            return column.contains("name") || column.contains("phone") || column.contains("address")
                    || column.contains("birth") || column.contains("identity_key")
                    || column.matches("(.*_)?ci(_.*)?");
        });
    }
}
