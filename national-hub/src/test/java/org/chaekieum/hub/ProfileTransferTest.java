package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.hub.support.TestEvents.envelope;
import static org.chaekieum.hub.support.TestEvents.newIdentityHash;
import static org.chaekieum.hub.support.TestEvents.newNumber;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.event.MemberUpdated;
import org.chaekieum.hub.support.RegionEvents;
import org.chaekieum.hub.support.StandInRegion;
import org.chaekieum.hub.support.StandInRegion.Reply;
import org.chaekieum.hub.support.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Import (반입) routing: a region asks the hub for a member's profile; the hub checks the registry and forwards to the
 * member's home region, stood in by {@link StandInRegion} ("seoul" and "incheon"; "gwangju" has nothing listening,
 * "busan" has no URL). Shares the application and the broker of the other test classes.
 */
@QuarkusTest
class ProfileTransferTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Path LOG_FILE = Path.of("target", "quarkus-test.log");

    private static RegionEvents region;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeAll
    static void clients() {
        region = RegionEvents.open();
    }

    @AfterAll
    static void close() {
        region.close();
    }

    /** The next test starts with no programmed answer and every home region's circuit breaker closed. */
    @AfterEach
    void standInAndBreakersBackToNormal() {
        StandInRegion.clear();
        breakers.resetAll();
    }

    @Test
    void returnsTheHomeRegionsProfileUnchangedAndLogsNoneOfIt() throws IOException {
        String hash = newIdentityHash();
        String number = region.registered(hash, "seoul");
        String profile = "{\"memberNumber\":\"" + number + "\",\"numberForm\":\"CHECK_DIGIT\",\"issuingLibrary\":\""
                + number.substring(0, 6) + "\",\"homeRegion\":\"seoul\",\"name\":\"홍길순테스트\","
                + "\"birthDate\":\"1987-03-14\",\"phone\":\"010-9876-5432\",\"address\":\"서울시 테스트구 1\","
                + "\"category\":\"FULL\",\"categoryModifier\":\"MULTI_CHILD\",\"modifierExpiresOn\":\"2027-12-31\","
                + "\"status\":\"NORMAL\",\"profileVersion\":7,\"aFieldOfANewerRegion\":{\"kept\":true}}";
        StandInRegion.answer(number, Reply.ok(profile));
        Map<String, Object> request = request(hash);
        long logOffset = Files.exists(LOG_FILE) ? Files.size(LOG_FILE) : 0;

        String body = given().contentType(ContentType.JSON).body(request)
                .when().post("/api/v1/national/members/{n}/profile-transfers", number)
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();

        assertThat(body).isEqualTo(profile);
        List<String> forwarded = StandInRegion.received(number);
        assertThat(forwarded).hasSize(1);
        JsonNode sent = JSON.readTree(forwarded.get(0));
        assertThat(sent.get("requestingRegion").asText()).isEqualTo("busan");
        assertThat(sent.get("libraryCode").asText()).isEqualTo("221001");
        assertThat(sent.get("identityHash").asText()).isEqualTo(hash);
        assertThat(Instant.parse(sent.get("consentAt").asText())).isEqualTo(Instant.parse("2024-06-01T09:30:00Z"));
        assertThat(sent.get("requestedBy").asText()).isEqualTo("librarian-7");
        assertThat(sent.get("purpose").asText()).isEqualTo("IMPORT");

        await().atMost(WAIT).untilAsserted(() -> assertThat(logSince(logOffset))
                .contains("profile transfer of " + number + " from region busan to home region seoul (IMPORT): "
                        + "profile transferred"));
        assertThat(logSince(logOffset)).doesNotContain(hash, "홍길순테스트", "010-9876-5432", "1987-03-14", "서울시 테스트구");
    }

    @Test
    void identityMismatchIs422AndTheHomeRegionIsNotAsked() {
        String number = region.registered(newIdentityHash(), "seoul");
        given().contentType(ContentType.JSON).body(request(newIdentityHash()))
                .when().post("/api/v1/national/members/{n}/profile-transfers", number)
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("IDENTITY_MISMATCH"));
        assertThat(StandInRegion.received(number)).isEmpty();
    }

    @Test
    void unknownNumberIs404AndWrongCheckDigitIs400() {
        // Issued by a library of a region no deployment knows (region digits 99): nobody to ask.
        String unknown = newNumber("199001");
        given().contentType(ContentType.JSON).body(request(newIdentityHash()))
                .when().post("/api/v1/national/members/{n}/profile-transfers", unknown)
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("MEMBER_NOT_FOUND"));
        given().contentType(ContentType.JSON).body(request(newIdentityHash()))
                .when().post("/api/v1/national/members/{n}/profile-transfers",
                        TestEvents.withWrongCheckDigit(unknown))
                .then().statusCode(400).body("code", equalTo("MEMBER_NUMBER_CHECK_DIGIT"));
        assertThat(StandInRegion.received(unknown)).isEmpty();
    }

    @Test
    void aMemberJustEnrolledIsFetchedFromTheIssuingLibrarysRegionBeforeTheHubHasTheEvent() {
        // Enrolled at 111001 (Seoul) a moment ago: the enrollment event has not reached the registry yet.
        String number = newNumber("111001");
        String hash = newIdentityHash();
        String profile = "{\"memberNumber\":\"" + number + "\",\"homeRegion\":\"seoul\",\"status\":\"NORMAL\"}";
        StandInRegion.answer(number, Reply.ok(profile));

        String body = given().contentType(ContentType.JSON).body(request(hash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", number)
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();

        assertThat(body).isEqualTo(profile);
        assertThat(StandInRegion.received(number)).as("requests forwarded to Seoul").hasSize(1);
        // The home region checks the identity itself; its refusal reaches the importing region unchanged.
        String other = newNumber("111001");
        StandInRegion.answer(other, Reply.problem(422, "IDENTITY_MISMATCH"));
        given().contentType(ContentType.JSON).body(request(hash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", other)
                .then().statusCode(422).body("code", equalTo("IDENTITY_MISMATCH"));
        // A number Seoul does not know either is Seoul's 404.
        String nobody = newNumber("111001");
        given().contentType(ContentType.JSON).body(request(hash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", nobody)
                .then().statusCode(404).body("code", equalTo("MEMBER_NOT_FOUND"));
        assertThat(StandInRegion.received(nobody)).hasSize(1);
    }

    @Test
    void missingFieldsAreListedAtOnce() {
        given().contentType(ContentType.JSON).body("{\"libraryCode\":\"12\"}")
                .when().post("/api/v1/national/members/{n}/profile-transfers", newNumber())
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", containsInAnyOrder("requestingRegion", "libraryCode", "identityHash",
                        "consentAt"))
                .body("errors.find { it.field == 'libraryCode' }.code", equalTo("LIBRARY_CODE_INVALID"));
        given().contentType(ContentType.JSON).body(request(newIdentityHash()))
                .when().post("/api/v1/national/members/{n}/profile-transfers", "1234")
                .then().statusCode(400).body("code", equalTo("MEMBER_NUMBER_INVALID"));
    }

    @Test
    void withdrawnMemberIs409() {
        String hash = newIdentityHash();
        String number = region.registered(hash, "seoul");
        region.send(envelope(new MemberUpdated(number, "seoul", MemberCategory.FULL, null, null,
                MemberStatus.WITHDRAWN, List.of("status"), 2, Instant.now())));
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/v1/national/members/{n}", number)
                .then().statusCode(200).body("status", equalTo("WITHDRAWN")));

        given().contentType(ContentType.JSON).body(request(hash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", number)
                .then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("MEMBER_NOT_ACTIVE"))
                .body("context.status", equalTo("WITHDRAWN"));
        assertThat(StandInRegion.received(number)).isEmpty();
    }

    @Test
    void homeRegionsRefusalIsPassedThrough() {
        String hash = newIdentityHash();
        String number = region.registered(hash, "seoul");
        StandInRegion.answer(number, Reply.problem(422, "IDENTITY_MISMATCH"));
        given().contentType(ContentType.JSON).body(request(hash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", number)
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("IDENTITY_MISMATCH"))
                .body("detail", equalTo("from the home region"))
                .body("instance", equalTo("/api/v1/national/members/" + number + "/profile-transfers"))
                .body("context.homeRegion", equalTo("seoul"));
        StandInRegion.answer(number, Reply.problem(404, "MEMBER_NOT_FOUND"));
        given().contentType(ContentType.JSON).body(request(hash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", number)
                .then().statusCode(404).body("code", equalTo("MEMBER_NOT_FOUND"));
        // Refusals are answers, not failures: no retry.
        assertThat(StandInRegion.received(number)).hasSize(2);
    }

    @Test
    void homeRegionAnswering503Is503AfterOneRetry() {
        String hash = newIdentityHash();
        String number = region.registered(hash, "incheon");
        StandInRegion.answer(number, new Reply(503, "{\"oops\":true}", Duration.ZERO));
        given().contentType(ContentType.JSON).body(request(hash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", number)
                .then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("HOME_REGION_UNREACHABLE"))
                .body("context.homeRegion", equalTo("incheon"));
        assertThat(StandInRegion.received(number)).hasSize(2);
    }

    @Test
    void slowHomeRegionIs503() {
        String hash = newIdentityHash();
        String number = region.registered(hash, "incheon");
        StandInRegion.answer(number, Reply.delayed("{\"memberNumber\":\"" + number + "\"}", Duration.ofSeconds(3)));
        given().contentType(ContentType.JSON).body(request(hash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", number)
                .then().statusCode(503).body("code", equalTo("HOME_REGION_UNREACHABLE"))
                .body("context.homeRegion", equalTo("incheon"));
    }

    @Test
    void homeRegionNotListeningOrNotConfiguredIs503() {
        String hash = newIdentityHash();
        String down = region.registered(hash, "gwangju");
        given().contentType(ContentType.JSON).body(request(hash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", down)
                .then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("HOME_REGION_UNREACHABLE"))
                .body("context.homeRegion", equalTo("gwangju"));

        String otherHash = newIdentityHash();
        String unconfigured = region.registered(otherHash, "busan");
        given().contentType(ContentType.JSON).body(request(otherHash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", unconfigured)
                .then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("HOME_REGION_UNREACHABLE"))
                .body("context.homeRegion", equalTo("busan"));
    }

    @Test
    void circuitBreakerOpensForTheDeadRegionOnly() {
        String hash = newIdentityHash();
        String dead = region.registered(hash, "daejeon");
        // Five transfers, two attempts each: ten failures fill the breaker's window.
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(request(hash))
                    .when().post("/api/v1/national/members/{n}/profile-transfers", dead)
                    .then().statusCode(503).body("context.homeRegion", equalTo("daejeon"));
        }
        assertThat(breakers.currentState("home-region-daejeon")).isEqualTo(CircuitBreakerState.OPEN);
        given().contentType(ContentType.JSON).body(request(hash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", dead)
                .then().statusCode(503).body("code", equalTo("HOME_REGION_UNREACHABLE"));

        String otherHash = newIdentityHash();
        String alive = region.registered(otherHash, "seoul");
        StandInRegion.answer(alive, Reply.ok("{\"memberNumber\":\"" + alive + "\",\"profileVersion\":1}"));
        given().contentType(ContentType.JSON).body(request(otherHash))
                .when().post("/api/v1/national/members/{n}/profile-transfers", alive)
                .then().statusCode(200).body("memberNumber", equalTo(alive));
        assertThat(breakers.currentState("home-region-seoul")).isEqualTo(CircuitBreakerState.CLOSED);
    }

    private static String logSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(LOG_FILE);
        return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> request(String identityHash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestingRegion", "busan");
        body.put("libraryCode", "221001");
        body.put("identityHash", identityHash);
        body.put("consentAt", "2024-06-01T09:30:00Z");
        body.put("requestedBy", "librarian-7");
        body.put("purpose", "IMPORT");
        return body;
    }

}
