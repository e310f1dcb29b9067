package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.region.support.Desk.importAt;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member's loans nationwide are read only where the member is registered: by a library system of one of those
 * libraries, or by the operator of the member's region; anyone else is told the number is unknown. Every answered read
 * is audited, and the audit loses the member's number when the member's data is erased.
 */
@QuarkusTest
class MemberLoansReadTest {

    @BeforeEach
    void hub() {
        TestHub.reset();
    }

    @Test
    void onlyWhereTheMemberIsRegisteredAndEveryAnsweredReadIsAudited() {
        String identityKey = Requests.newIdentityKey();
        String member = enroll("111001", identityKey);
        String unknown = UnifiedMemberNumber.issue(LibraryCode.of("111004"), 99, 99_997).value();

        JsonPath nobody = loans(TestTokens.librarySystem("111002"), unknown).then().statusCode(404)
                .extract().jsonPath();
        for (String token : List.of(TestTokens.librarySystem("111002"), TestTokens.librarySystem("141001"),
                TestTokens.operator("gyeonggi"))) {
            JsonPath refused = loans(token, member).then().statusCode(404).extract().jsonPath();
            assertThat(refused.getString("code")).isEqualTo("MEMBER_NOT_FOUND");
            assertThat(refused.getString("detail")).isEqualTo(nobody.getString("detail"));
            assertThat(refused.getMap("context")).isEqualTo(nobody.getMap("context"));
        }
        assertThat(audited(member)).as("refused reads are not answered, so not audited").isEmpty();

        loans(TestTokens.librarySystem("111001"), member).then().statusCode(200);
        loans(TestTokens.operator("seoul"), member).then().statusCode(200);
        importAt("111002", member, identityKey).then().statusCode(201);
        loans(TestTokens.librarySystem("111002"), member).then().statusCode(200);

        assertThat(audited(member)).containsExactly(
                List.of("ils-111001", "111001", "seoul"),
                List.of("operator-seoul", "", "seoul"),
                List.of("ils-111002", "111002", "seoul"));

        given().contentType(ContentType.JSON).body("{\"requestedBy\":\"desk-1\"}")
                .post("/api/v1/libraries/111001/members/" + member + "/withdrawal").then().statusCode(200);
        assertThat(audited(member)).as("the audit keeps no number of an erased member").isEmpty();
        assertThat(Db.count("select count(*) from member_loans_read where client_id = 'ils-111002'"
                + " and member_number is null")).isGreaterThanOrEqualTo(1);
    }

    private static Response loans(String token, String member) {
        return given().header("Authorization", "Bearer " + token).get("/api/v1/members/" + member + "/loans");
    }

    /** client, library ('' for none) and region of each audited read of the member's loans, oldest first. */
    private static List<List<String>> audited(String member) {
        return Db.rows("select client_id, coalesce(library_code, ''), region from member_loans_read"
                        + " where member_number = ?1 order by id", member).stream()
                .map(row -> List.of(String.valueOf(row[0]), String.valueOf(row[1]).trim(), String.valueOf(row[2])))
                .toList();
    }
}
