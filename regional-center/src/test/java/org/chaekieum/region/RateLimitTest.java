package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.function.IntFunction;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Desk;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.runtime.ratelimit.HeldTime;
import org.chaekieum.testsupport.TestTokens;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-client rate limits on the enumerable and expensive member endpoints: a script trying member numbers at a library
 * is refused with 429 RATE_LIMITED once it has spent its limit, while another client, and the same client at its other
 * library, go on as before; under the limit every answer is what it always was.
 */
@QuarkusTest
class RateLimitTest {

    /** Two library systems of their own (no other test calls as them), each acting for 111003 and 111004. */
    private static final String SCRIPT = TestTokens.librarySystem("111004", "111003");
    private static final String OTHER_CLIENT = TestTokens.librarySystem("111003", "111004");
    private static final String LIBRARY = "111003";

    @BeforeEach
    void setUp() {
        TestHub.reset();
        HeldTime.hold(); // no bucket fills while a test counts its calls
    }

    @AfterEach
    void timeRunsAgain() {
        HeldTime.release();
    }

    @Test
    void aClientTryingMemberNumbersIsRefusedBeyondItsLimitAndNoOneElseIs() {
        String known = Desk.enroll(LIBRARY, Requests.newIdentityKey());
        long capacity = capacity("member-lookup");

        Response refused = spend(capacity, serial -> given().header("Authorization", "Bearer " + SCRIPT)
                .get("/api/v1/libraries/{library}/members/{number}", LIBRARY, unknownNumber(serial)), 404,
                "MEMBER_NOT_FOUND");

        assertRateLimited(refused, "member-lookup");
        // The same client at its other library, and another client at this one: not affected.
        given().header("Authorization", "Bearer " + SCRIPT)
                .get("/api/v1/libraries/{library}/members/{number}", "111004", unknownNumber(0))
                .then().statusCode(404).body("code", equalTo("MEMBER_NOT_FOUND"));
        given().header("Authorization", "Bearer " + OTHER_CLIENT)
                .get("/api/v1/libraries/{library}/members/{number}", LIBRARY, known)
                .then().statusCode(200).body("memberNumber", equalTo(known));
    }

    @Test
    void anImportBeyondTheLimitIsRefusedBeforeAnythingIsWritten() {
        String key = Requests.newIdentityKey();
        String member = Desk.enroll("111001", key);
        long capacity = capacity("import");

        Response refused = spend(capacity, serial -> given().header("Authorization", "Bearer " + SCRIPT)
                .contentType(ContentType.JSON)
                .body("{\"identityKey\":\"CI-guess-%d\",\"consents\":{\"transfer\":true},\"requestedBy\":\"script\"}"
                        .formatted(serial))
                .post("/api/v1/libraries/{library}/members/{number}/import", LIBRARY, unknownNumber(serial)), 404,
                "MEMBER_NOT_FOUND");
        assertRateLimited(refused, "import");

        // Even a genuine import by that client is refused now, and nothing of it is written.
        Response genuine = given().header("Authorization", "Bearer " + SCRIPT).contentType(ContentType.JSON)
                .body("{\"identityKey\":\"%s\",\"consents\":{\"transfer\":true},\"requestedBy\":\"desk-7\",\"localPassword\":\"1234\"}"
                        .formatted(key))
                .post("/api/v1/libraries/{library}/members/{number}/import", LIBRARY, member);
        assertRateLimited(genuine, "import");
        assertThat(registrations(member, LIBRARY)).isZero();

        // Another library system imports the member as usual.
        given().header("Authorization", "Bearer " + OTHER_CLIENT).contentType(ContentType.JSON)
                .body("{\"identityKey\":\"%s\",\"consents\":{\"transfer\":true},\"requestedBy\":\"desk-7\",\"localPassword\":\"1234\"}"
                        .formatted(key))
                .post("/api/v1/libraries/{library}/members/{number}/import", LIBRARY, member)
                .then().statusCode(201);
        assertThat(registrations(member, LIBRARY)).isOne();
    }

    @Test
    void cardPasswordChecksBeyondTheLimitAreRefusedWithoutBeingCounted() {
        String key = Requests.newIdentityKey();
        String member = Desk.enroll("111001", key);
        Desk.importAt("111004", member, key).then().statusCode(201);
        long capacity = capacity("card-password-check");

        Response refused = spend(capacity, serial -> given().header("Authorization", "Bearer " + SCRIPT)
                .contentType(ContentType.JSON).body("{\"password\":\"0000\"}")
                .post("/api/v1/libraries/{library}/members/{number}/card-password-check", "111004",
                        unknownNumber(serial)), 404, "MEMBER_NOT_FOUND");
        assertRateLimited(refused, "card-password-check");

        // A wrong password for a real member is refused by the limit, not compared: it counts towards no lock.
        Response wrong = given().header("Authorization", "Bearer " + SCRIPT).contentType(ContentType.JSON)
                .body("{\"password\":\"0000\"}")
                .post("/api/v1/libraries/{library}/members/{number}/card-password-check", "111004", member);
        assertRateLimited(wrong, "card-password-check");
        assertThat(Db.count("select r.password_failures from member_registration r join member m on m.id = r.member_id"
                + " where m.member_number = ?1 and r.library_code = '111004'", member)).isZero();
        // Another client (a kiosk's gateway) checks the member's password as usual.
        given().header("Authorization", "Bearer " + OTHER_CLIENT).contentType(ContentType.JSON)
                .body("{\"password\":\"%s\"}".formatted(Desk.LOCAL_PASSWORD))
                .post("/api/v1/libraries/{library}/members/{number}/card-password-check", "111004", member)
                .then().statusCode(204);
    }

    /**
     * Makes {@code capacity} calls, each answered as usual (the limit changes nothing below it), then one more, which
     * is returned.
     */
    private static Response spend(long capacity, IntFunction<Response> call, int usualStatus, String usualCode) {
        for (int serial = 1; serial <= capacity; serial++) {
            Response answer = call.apply(serial);
            assertThat(answer.statusCode()).as("call %d of %d: %s", serial, capacity, answer.asString())
                    .isEqualTo(usualStatus);
            assertThat(answer.jsonPath().getString("code")).isEqualTo(usualCode);
            assertThat(answer.header("Retry-After")).isNull();
        }
        return call.apply((int) capacity + 1);
    }

    private static void assertRateLimited(Response answer, String limit) {
        answer.then().statusCode(429)
                .contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("RATE_LIMITED"))
                .body("status", equalTo(429))
                .body("type", equalTo("https://chaekieum.org/problems/rate-limited"))
                .body("titleKo", equalTo("이 시스템에서 같은 종류의 요청이 너무 많이 들어왔습니다. 잠시 후 다시 시도해 주세요."))
                .body("context.limit", equalTo(limit));
        // the next token comes after refill-period / capacity (the time stands still meanwhile)
        int retryAfter = Integer.parseInt(answer.header("Retry-After"));
        Duration period = ConfigProvider.getConfig()
                .getValue("chaekieum.rate-limit.\"" + limit + "\".refill-period", Duration.class);
        assertThat(retryAfter).isEqualTo((int) Math.ceil(period.toMillis() / 1000.0 / capacity(limit)));
        assertThat(answer.jsonPath().getInt("context.retryAfterSeconds")).isEqualTo(retryAfter);
        assertThat(answer.jsonPath().getString("detail")).contains(limit).contains(retryAfter + " seconds");
        assertThat(answer.jsonPath().getString("detailKo")).contains(retryAfter + "초");
    }

    private static long capacity(String limit) {
        return ConfigProvider.getConfig().getValue("chaekieum.rate-limit.\"" + limit + "\".capacity", Long.class);
    }

    /** A well-formed number of the library nobody holds (year of issue 99). */
    private static String unknownNumber(int serial) {
        String first13 = LIBRARY + "99" + String.format("%05d", serial);
        return first13 + UnifiedMemberNumber.checkDigit(first13);
    }

    private static long registrations(String member, String library) {
        return Db.count("select count(*) from member_registration r join member m on m.id = r.member_id"
                + " where m.member_number = ?1 and r.library_code = ?2", member, library);
    }
}
