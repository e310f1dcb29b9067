package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.runtime.ratelimit.HeldTime;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-client rate limits at the hub: a service account that spends its identity look-ups or member look-ups is
 * refused with 429 RATE_LIMITED until its bucket fills again; another region's account is not affected. Region
 * busan's account (called by no other test) has a capacity of 5 in the test profile, so that it is spent in a few calls.
 */
@QuarkusTest
class RateLimitTest {

    private static final String SPENDING = TestTokens.regionService("busan");
    private static final String OTHER_REGION = TestTokens.regionService("ulsan");
    private static final int CAPACITY = 5;

    @BeforeEach
    void holdTime() {
        HeldTime.hold(); // no bucket fills while a test counts its calls
    }

    @AfterEach
    void timeRunsAgain() {
        HeldTime.release();
    }

    @Test
    void identityLookupsBeyondTheLimitAreRefusedAndAnotherRegionIsNot() {
        for (int i = 1; i <= CAPACITY; i++) {
            lookup(SPENDING).then().statusCode(200).body("enrolled", equalTo(false)).header("Retry-After", (String) null);
        }
        assertRateLimited(lookup(SPENDING), "identity-lookup");
        lookup(OTHER_REGION).then().statusCode(200).body("enrolled", equalTo(false));
    }

    @Test
    void memberLookupsByNumberShareOneLimit() {
        for (int i = 1; i <= CAPACITY; i++) {
            Supplier<Response> call = i % 2 == 0 ? () -> member(SPENDING, unknownNumber(0)) : () -> loans(SPENDING);
            assertThat(call.get().statusCode()).as("call %d", i).isIn(200, 404);
        }
        assertRateLimited(member(SPENDING, unknownNumber(1)), "member-lookup");
        assertRateLimited(loans(SPENDING), "member-lookup");
        member(OTHER_REGION, unknownNumber(1)).then().statusCode(404).body("code", equalTo("MEMBER_NOT_FOUND"));
    }

    private static Response lookup(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("identityHash", "hash-" + UUID.randomUUID()))
                .post("/api/v1/national/identity-lookups");
    }

    private static Response member(String token, String number) {
        return given().header("Authorization", "Bearer " + token).get("/api/v1/national/members/{n}", number);
    }

    private static Response loans(String token) {
        return given().header("Authorization", "Bearer " + token)
                .get("/api/v1/national/members/{n}/loans", unknownNumber(2));
    }

    private static void assertRateLimited(Response answer, String limit) {
        answer.then().statusCode(429)
                .contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("RATE_LIMITED"))
                .body("type", equalTo("https://chaekieum.org/problems/rate-limited"))
                .body("title", equalTo("This client sent too many requests of this kind; please try again shortly."))
                .body("context.limit", equalTo(limit))
                // 5 per minute, the time standing still: the next call in 12 s
                .header("Retry-After", "12")
                .body("context.retryAfterSeconds", equalTo(12));
    }

    /** A well-formed number nobody holds (library 999999, year of issue 99). */
    private static String unknownNumber(int serial) {
        String first13 = "99999999" + String.format("%05d", serial);
        return first13 + UnifiedMemberNumber.checkDigit(first13);
    }
}
