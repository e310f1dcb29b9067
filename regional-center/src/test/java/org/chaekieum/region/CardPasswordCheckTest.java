package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Desk;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The card password a library keeps for a member (set at import), checked as a self-check kiosk does: right or wrong, locked after five wrong ones in a row for fifteen minutes, counted in the
 * database so that concurrent attempts lose no count, and the password and its hash never in an answer.
 */
@QuarkusTest
class CardPasswordCheckTest {

    /** The card password set at import; distinctive, so that no member number or path can contain it by chance. */
    private static final String RIGHT = "Kiosk-pw-7391";

    private final List<Response> answers = new ArrayList<>();
    private ExecutorService kiosks;

    @BeforeEach
    void setUp() {
        TestHub.reset();
        answers.clear();
        kiosks = Executors.newFixedThreadPool(10);
    }

    @AfterEach
    void noAnswerShowsAPasswordOrItsHash() throws InterruptedException {
        kiosks.shutdownNow();
        kiosks.awaitTermination(10, TimeUnit.SECONDS);
        List<String> hashes = Db.column("select password_hash from member_registration where password_hash is not null")
                .stream().map(String::valueOf).toList();
        for (Response answer : answers) {
            String whole = answer.headers().asList().stream().map(Object::toString).collect(Collectors.joining("\n"))
                    + "\n" + answer.asString();
            assertThat(whole).as("answer %s", whole).doesNotContain("pbkdf2").doesNotContain(RIGHT)
                    .doesNotContain("wrong-")
                    .doesNotContainIgnoringCase("password_hash").doesNotContainIgnoringCase("passwordHash");
            for (String hash : hashes) {
                for (String part : hash.split("\\$")) {
                    if (part.length() >= 8) {
                        assertThat(whole).as("answer %s", whole).doesNotContain(part);
                    }
                }
            }
        }
    }

    @Test
    void theRightPasswordIs204AndAWrongOneIs422WithTheAttemptsLeft() {
        String member = importedAt("111002");

        check("111002", member, RIGHT).then().statusCode(204).body(emptyString());
        check("111002", member, "wrong-1").then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("CARD_PASSWORD_WRONG"))
                .body("context.attemptsLeft", equalTo(4))
                .body("titleKo", equalTo("카드 비밀번호가 일치하지 않습니다."));
        check("111002", member, "wrong-2").then().statusCode(422).body("context.attemptsLeft", equalTo(3));
        assertThat(attempts(member, "111002")).isEqualTo(List.of(2, true, false));
    }

    @Test
    void fiveWrongPasswordsInARowLockTheCardPasswordAtThatLibraryForFifteenMinutes() {
        String key = Requests.newIdentityKey();
        String member = Desk.enroll("111001", key);
        Desk.importAt("111002", member, key, RIGHT).then().statusCode(201);
        Desk.importAt("111003", member, key, RIGHT).then().statusCode(201);

        for (int left = 4; left >= 1; left--) {
            check("111002", member, "wrong-" + left).then().statusCode(422).body("context.attemptsLeft", equalTo(left));
        }
        check("111002", member, "wrong-5").then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "900")
                .body("code", equalTo("CARD_PASSWORD_LOCKED"))
                .body("context.retryAfterSeconds", equalTo(900));
        Instant lockedUntil = Instant.ofEpochMilli(Db.count("select cast(extract(epoch from password_locked_until)"
                + " * 1000 as bigint) from member_registration r join member m on m.id = r.member_id"
                + " where m.member_number = ?1 and r.library_code = '111002'", member));
        assertThat(lockedUntil).isBetween(TestClock.now().plus(Duration.ofMinutes(14)),
                TestClock.now().plus(Duration.ofMinutes(15)));

        // Locked: even the right password is refused, and nothing more is counted.
        Response locked = check("111002", member, RIGHT);
        locked.then().statusCode(429).body("code", equalTo("CARD_PASSWORD_LOCKED"));
        int retryAfter = Integer.parseInt(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 900);
        assertThat(locked.jsonPath().getInt("context.retryAfterSeconds")).isEqualTo(retryAfter);
        check("111002", member, "wrong-6").then().statusCode(429);
        assertThat(attempts(member, "111002")).isEqualTo(List.of(5, true, true));

        // Only at that library: the same member's card password at 111003 is not locked.
        check("111003", member, RIGHT).then().statusCode(204);

        // Fifteen minutes later (the lock and the run moved into the past) the right password opens it again.
        shiftAttemptsBack(member, "111002", Duration.ofMinutes(15));
        check("111002", member, RIGHT).then().statusCode(204);
        assertThat(attempts(member, "111002")).isEqualTo(List.of(0, false, false));
        check("111002", member, "wrong-7").then().statusCode(422).body("context.attemptsLeft", equalTo(4));
    }

    @Test
    void theRightPasswordEndsARunOfWrongOnes() {
        String member = importedAt("111002");
        for (int left = 4; left >= 1; left--) {
            check("111002", member, "wrong-" + left).then().statusCode(422).body("context.attemptsLeft", equalTo(left));
        }
        check("111002", member, RIGHT).then().statusCode(204);
        assertThat(attempts(member, "111002")).isEqualTo(List.of(0, false, false));

        for (int left = 4; left >= 1; left--) {
            check("111002", member, "wrong-" + left).then().statusCode(422).body("context.attemptsLeft", equalTo(left));
        }
        assertThat(attempts(member, "111002")).isEqualTo(List.of(4, true, false));
    }

    @Test
    void wrongPasswordsSpreadOverMoreThanFifteenMinutesDoNotLock() {
        String member = importedAt("111002");
        for (int i = 0; i < 4; i++) {
            check("111002", member, "wrong-" + i).then().statusCode(422);
        }
        shiftAttemptsBack(member, "111002", Duration.ofMinutes(16));
        check("111002", member, "wrong-4").then().statusCode(422).body("context.attemptsLeft", equalTo(4));
        assertThat(attempts(member, "111002")).isEqualTo(List.of(1, true, false));
    }

    @Test
    void tenWrongPasswordsAtOnceCountFiveLockOnceAndLoseNoCount() throws Exception {
        for (int trial = 0; trial < 3; trial++) {
            String member = importedAt("111002");
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String typed = "wrong-" + trial + "-" + i;
                futures.add(kiosks.submit(() -> {
                    start.await();
                    return check("111002", member, typed);
                }));
            }
            start.countDown();
            List<Response> at = new ArrayList<>();
            for (Future<Response> future : futures) {
                at.add(future.get(60, TimeUnit.SECONDS));
            }
            Map<Integer, Long> statuses = at.stream().collect(Collectors.groupingBy(Response::statusCode,
                    Collectors.counting()));
            assertThat(statuses).as("trial %d", trial).isEqualTo(Map.of(422, 4L, 429, 6L));
            assertThat(at.stream().filter(a -> a.statusCode() == 422).map(a -> a.jsonPath().getInt("context.attemptsLeft")))
                    .as("each wrong password counted once, none lost").containsExactlyInAnyOrder(4, 3, 2, 1);
            assertThat(at.stream().filter(a -> a.statusCode() == 429).map(a -> a.jsonPath().getString("code")))
                    .containsOnly("CARD_PASSWORD_LOCKED");
            assertThat(attempts(member, "111002")).as("trial %d", trial).isEqualTo(List.of(5, true, true));
            check("111002", member, RIGHT).then().statusCode(429);
        }
    }

    @Test
    void aLibraryThatKeepsNoCardPasswordSaysSo() {
        String key = Requests.newIdentityKey();
        String member = Desk.enroll("111001", key); // enrolled: no card password at 111001
        record(given().contentType(ContentType.JSON).body("""
                        {"identityKey":"%s","consents":{"transfer":true},"requestedBy":"desk-7"}""".formatted(key))
                .post("/api/v1/libraries/111003/members/" + member + "/import")).then().statusCode(201);

        for (String library : List.of("111001", "111003")) {
            check(library, member, RIGHT).then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("code", equalTo("CARD_PASSWORD_NOT_SET"));
        }
        assertThat(attempts(member, "111001")).isEqualTo(List.of(0, false, false));

        // A withdrawal erases the card passwords: none is kept any more.
        Desk.importAt("111002", member, key, RIGHT).then().statusCode(201);
        check("111002", member, RIGHT).then().statusCode(204);
        given().contentType(ContentType.JSON).body("{\"requestedBy\":\"desk-1\",\"reason\":\"moving\"}")
                .post("/api/v1/libraries/111001/members/" + member + "/withdrawal").then().statusCode(200);
        check("111002", member, RIGHT).then().statusCode(409).body("code", equalTo("CARD_PASSWORD_NOT_SET"));
    }

    @Test
    void anUnknownMemberOrOneNotRegisteredHereIs404AsTheMemberReadIs() {
        String member = importedAt("111002");
        for (String library : List.of("111003", "111004")) {
            check(library, member, RIGHT).then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("code", equalTo("MEMBER_NOT_FOUND"));
            given().get("/api/v1/libraries/" + library + "/members/" + member).then().statusCode(404)
                    .body("code", equalTo("MEMBER_NOT_FOUND"));
        }
        check("111002", "12345624000015", RIGHT).then().statusCode(404).body("code", equalTo("MEMBER_NOT_FOUND"));
        check("111002", "12345624000016", RIGHT).then().statusCode(400)
                .body("code", equalTo("MEMBER_NUMBER_CHECK_DIGIT"));
        record(given().header("Authorization", "Bearer " + TestTokens.librarySystem("141001"))
                .contentType(ContentType.JSON).body(Map.of("password", RIGHT))
                .post("/api/v1/libraries/141001/members/" + member + "/card-password-check"))
                .then().statusCode(404).body("code", equalTo("LIBRARY_NOT_IN_REGION"));
        assertThat(attempts(member, "111002")).isEqualTo(List.of(0, false, false));
    }

    @Test
    void aMissingBlankOrOverLongPasswordIs400AndCountsNothing() {
        String member = importedAt("111002");
        String path = "/api/v1/libraries/111002/members/" + member + "/card-password-check";
        for (String body : List.of("{}", "{\"password\":\"\"}", "{\"password\":\"   \"}")) {
            record(given().contentType(ContentType.JSON).body(body).post(path)).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.find { it.field == 'password' }.code", equalTo("FIELD_REQUIRED"));
        }
        check("111002", member, "x".repeat(65)).then().statusCode(400)
                .body("errors.find { it.field == 'password' }.code", equalTo("FIELD_TOO_LONG"))
                .body("errors.find { it.field == 'password' }.message",
                        equalTo("This value is too long: at most 64 characters."));
        check("111002", member, "12\u000034").then().statusCode(400)
                .body("errors.find { it.field == 'password' }.code", equalTo("FIELD_INVALID"));
        record(given().contentType(ContentType.JSON).post(path)).then().statusCode(400)
                .body("code", equalTo("MALFORMED_REQUEST"));
        check("111002", "1234", RIGHT).then().statusCode(400)
                .body("errors.field", hasItem("memberNumber"));
        check("111002", member, "x".repeat(64)).then().statusCode(422); // 64 fits: compared, and wrong
        assertThat(attempts(member, "111002")).isEqualTo(List.of(1, true, false));
    }

    /** A member of 111001 imported at the library with the card password {@link #RIGHT}. */
    private static String importedAt(String library) {
        String key = Requests.newIdentityKey();
        String member = Desk.enroll("111001", key);
        Desk.importAt(library, member, key, RIGHT).then().statusCode(201);
        return member;
    }

    private Response check(String library, String member, String password) {
        return record(given().contentType(ContentType.JSON).body(Map.of("password", password))
                .post("/api/v1/libraries/" + library + "/members/" + member + "/card-password-check"));
    }

    private Response record(Response answer) {
        synchronized (answers) {
            answers.add(answer);
        }
        return answer;
    }

    /** Wrong passwords in the run, whether the run has a start, whether a lock is set (running or not). */
    private static List<Object> attempts(String member, String library) {
        Object[] row = Db.rows("select r.password_failures, r.password_failures_since is not null,"
                + " r.password_locked_until is not null from member_registration r join member m on m.id = r.member_id"
                + " where m.member_number = ?1 and r.library_code = ?2", member, library).get(0);
        return List.of(((Number) row[0]).intValue(), row[1], row[2]);
    }

    /** As if {@code by} had passed since the attempts so far. */
    private static void shiftAttemptsBack(String member, String library, Duration by) {
        Db.update("update member_registration r"
                + " set password_failures_since = password_failures_since - ?3 * interval '1 second',"
                + " password_locked_until = password_locked_until - ?3 * interval '1 second' from member m"
                + " where m.id = r.member_id and m.member_number = ?1 and r.library_code = ?2",
                member, library, by.toSeconds());
    }
}
