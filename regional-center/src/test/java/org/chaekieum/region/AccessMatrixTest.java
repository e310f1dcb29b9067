package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.testsupport.AccessMatrix.at;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.region.members.PasswordHasher;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Desk;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.AccessMatrix;
import org.chaekieum.testsupport.AccessMatrix.Answer;
import org.chaekieum.testsupport.AccessMatrix.Endpoint;
import org.chaekieum.testsupport.TestClock;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the regional center against every kind of caller: no token, bad tokens (expired, other issuer,
 * other audience, tampered, unknown key) are 401; a valid token without a role the endpoint admits is 403; a library
 * system's token at any other library, and an operator of another region, are 403. Nothing is written on any refusal:
 * the requests carry bodies that would write, and the database is the same before and after.
 */
@QuarkusTest
class AccessMatrixTest {

    private static final String LS = Access.LIBRARY_SYSTEM;
    private static final String RO = Access.REGION_OPERATOR;
    private static final String HS = Access.HUB_SERVICE;

    /** Every endpoint and who may call it. A new endpoint fails this test until it is listed here. */
    private static final List<Endpoint> ENDPOINTS = List.of(
            at("POST", "/api/v1/libraries/{libraryCode}/members", LS),
            at("GET", "/api/v1/libraries/{libraryCode}/members/{memberNumber}", LS),
            at("PATCH", "/api/v1/libraries/{libraryCode}/members/{memberNumber}", LS),
            at("POST", "/api/v1/libraries/{libraryCode}/members/{memberNumber}/import", LS),
            at("POST", "/api/v1/libraries/{libraryCode}/members/{memberNumber}/withdrawal", LS),
            at("POST", "/api/v1/libraries/{libraryCode}/members/{memberNumber}/card-password-check", LS),
            at("POST", "/api/v1/libraries/{libraryCode}/checkouts", LS),
            at("POST", "/api/v1/libraries/{libraryCode}/returns", LS),
            at("POST", "/api/v1/libraries/{libraryCode}/loans/{loanId}/renewal", LS),
            at("GET", "/api/v1/libraries/{libraryCode}/transits", LS),
            at("POST", "/api/v1/libraries/{libraryCode}/items/{itemBarcode}/transit", LS),
            at("GET", "/api/v1/libraries/{libraryCode}/items/{itemBarcode}/loan", LS),
            at("GET", "/api/v1/members/{memberNumber}/loans", LS, RO),
            at("PUT", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}", LS),
            at("GET", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}", LS),
            at("PATCH", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}", LS),
            at("DELETE", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}", LS),
            at("PUT", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}/return", LS),
            at("DELETE", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}/return", LS),
            at("GET", "/api/v1/libraries/{libraryCode}/policy", LS),
            at("POST", "/api/v1/libraries/{libraryCode}/members/{memberNumber}/suspensions", LS),
            at("POST", "/api/v1/libraries/{libraryCode}/members/{memberNumber}/suspension-lifts", LS),
            at("GET", "/api/v1/operator/loan-reports", RO),
            at("GET", "/api/v1/operator/libraries/{libraryCode}/policy", RO),
            at("PUT", "/api/v1/operator/libraries/{libraryCode}/policy", RO),
            at("GET", "/api/v1/operator/libraries/{libraryCode}/closed-days/{year}", RO),
            at("PUT", "/api/v1/operator/libraries/{libraryCode}/closed-days/{year}", RO),
            at("POST", "/api/v1/operator/members/{memberNumber}/suspensions", RO),
            at("POST", "/api/v1/operator/members/{memberNumber}/suspension-lifts", RO),
            at("POST", "/api/v1/operator/members/{memberNumber}/expulsion-lifts", RO),
            at("POST", "/api/v1/operator/overdue-runs", RO),
            at("POST", "/api/v1/operator/retention-runs", RO),
            at("POST", "/api/v1/federation/members/{memberNumber}/profile-transfers", HS),
            at("POST", "/api/v1/federation/returns", HS),
            at("POST", "/api/v1/federation/transits", HS),
            at("GET", "/api/v1/federation/loans/{loanId}", HS),
            at("POST", "/api/v1/federation/members/{memberNumber}/rights/gives", HS));

    private static final Map<String, String> ROLE_TOKENS = AccessMatrix.oneTokenPerRole("111001", "seoul");

    @TestHTTPResource("/")
    URI base;

    @Inject
    PasswordHasher passwords;

    private String member;
    private String loanId;
    private String item;
    private String localKey;
    private AccessMatrix matrix;

    @BeforeEach
    void aMemberWithALoan() {
        TestHub.reset();
        member = Desk.enroll("111001", Requests.newIdentityKey());
        // A card password at 111001, so that a card password check let through would count a wrong one.
        Db.update("update member_registration set password_hash = ?2 where library_code = '111001'"
                + " and member_id = (select id from member where member_number = ?1)", member, passwords.hash("pw-1"));
        item = Desk.item("111001");
        loanId = Desk.checkout("111001", member, item, null).then().statusCode(201)
                .extract().path("loanId");
        // A reported loan with a key, so that every loan-report endpoint let through would write.
        localKey = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Desk.loanReport(member, Desk.item("111001"),
                TestClock.now().minusSeconds(60), TestClock.today().plusDays(14)))
                .put("/api/v1/libraries/111001/loan-reports/" + localKey).then().statusCode(201);
        matrix = new AccessMatrix(base, Map.of("libraryCode", "111001", "memberNumber", member, "loanId", loanId,
                "itemBarcode", item, "year", "2026", "localKey", localKey));
    }

    @Test
    void everyEndpointIsListedHere() {
        matrix.assertEveryOperationListed(ENDPOINTS, "/api/");
    }

    @Test
    void theApiDocumentNamesTheRolesOfEveryEndpoint() {
        matrix.assertDeclaredRoles(ENDPOINTS, "/api/");
    }

    @Test
    void withoutAValidTokenEveryEndpointAnswers401AndWritesNothing() {
        Map<String, Object> before = snapshot();
        SoftAssertions soft = new SoftAssertions();
        matrix.expectRefused(ENDPOINTS, AccessMatrix.unauthenticatedCallers("111001"), this::body, 401,
                "UNAUTHENTICATED", soft);
        soft.assertThat(snapshot()).as("database after the refusals").isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void aTokenWithoutAnAdmittedRoleIs403AndWritesNothing() {
        Map<String, Object> before = snapshot();
        SoftAssertions soft = new SoftAssertions();
        matrix.expectRefused(ENDPOINTS, ROLE_TOKENS, this::body, 403, null, soft);
        soft.assertThat(snapshot()).as("database after the refusals").isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void aLibrarySystemActsOnlyForItsOwnLibrariesAndAnOperatorOnlyInItsRegion() {
        Map<String, Object> before = snapshot();
        SoftAssertions soft = new SoftAssertions();
        List<String> otherLibraries = List.of("111002", "111003", "111004", "141001", "999999");
        String seoulLibrarySystem = TestTokens.librarySystem("111001");
        for (Endpoint endpoint : ENDPOINTS) {
            if (!endpoint.template().contains("{libraryCode}") || !endpoint.roles().contains(LS)) {
                continue;
            }
            for (String other : otherLibraries) {
                Answer answer = matrix.call(endpoint, Map.of("libraryCode", other), seoulLibrarySystem,
                        body(endpoint));
                soft.assertThat(answer.status()).as("%s at %s with 111001's token", endpoint, other).isEqualTo(403);
                soft.assertThat(answer.code()).as("%s at %s", endpoint, other).isEqualTo("LIBRARY_NOT_PERMITTED");
            }
        }
        // However the path is spelled, the library is the one the request is matched with.
        Answer encoded = matrix.call("GET", "/api/v1/libraries/%31%31%31%30%30%32/members/" + member,
                seoulLibrarySystem, null);
        soft.assertThat(encoded.status()).as("percent-encoded 111002: %s", encoded.body()).isEqualTo(403);
        String gyeonggiOperator = TestTokens.operator("gyeonggi");
        for (Endpoint endpoint : ENDPOINTS) {
            if (endpoint.template().startsWith("/api/v1/operator/")) {
                Answer answer = matrix.call(endpoint, gyeonggiOperator, body(endpoint));
                soft.assertThat(answer.status()).as("%s by gyeonggi's operator", endpoint).isEqualTo(403);
                soft.assertThat(answer.code()).as("%s by gyeonggi's operator", endpoint)
                        .isEqualTo("REGION_NOT_PERMITTED");
            }
        }
        soft.assertThat(snapshot()).as("database after the refusals").isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void theRightTokensDoWhatTheRefusedOnesCouldNot() {
        Endpoint checkout = endpoint("POST /api/v1/libraries/{libraryCode}/checkouts");
        String another = Desk.item("111001");
        String body = "{\"memberNumber\":\"%s\",\"itemBarcode\":\"%s\"}".formatted(member, another);
        Answer refused = matrix.call(checkout, TestTokens.librarySystem("111002"), body);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(Db.count("select count(*) from loan where item_barcode = ?1", another)).isZero();

        Answer lent = matrix.call(checkout, TestTokens.librarySystem("111002", "111001"), body);
        assertThat(lent.status()).isEqualTo(201);
        assertThat(Db.count("select count(*) from loan where item_barcode = ?1", another)).isOne();

        Answer policy = matrix.call(endpoint("GET /api/v1/operator/libraries/{libraryCode}/policy"),
                TestTokens.operator("seoul"), null);
        assertThat(policy.status()).isEqualTo(200);
        Answer loans = matrix.call(endpoint("GET /api/v1/members/{memberNumber}/loans"),
                TestTokens.operator("seoul"), null);
        assertThat(loans.status()).isEqualTo(200);
    }

    @Test
    void theRegionCallsTheHubWithItsOwnServiceToken() {
        assertThat(TestHub.lastAuthorization()).startsWith("Bearer ");
        assertThat(TestHub.lastAuthorization()).doesNotContain(ROLE_TOKENS.get(LS));
    }

    @Test
    void healthMetricsAndTheApiDocumentStayOpen() {
        matrix.assertOpen("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi");
    }

    private static Endpoint endpoint(String key) {
        return ENDPOINTS.stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
    }

    /** Bodies that would write if the request were let through. */
    private String body(Endpoint endpoint) {
        String t = endpoint.template();
        if (t.endsWith("/loan-reports/{localKey}") && endpoint.method().equals("PUT")) {
            return Desk.loanReport(member, Desk.item("111001"), TestClock.now().minusSeconds(60),
                    TestClock.today().plusDays(14));
        }
        if (t.endsWith("/loan-reports/{localKey}") && endpoint.method().equals("PATCH")) {
            return "{\"dueOn\":\"%s\",\"renewals\":1}".formatted(TestClock.today().plusDays(30));
        }
        if (t.endsWith("/loan-reports/{localKey}/return")) {
            return "{\"returnedAt\":\"%s\"}".formatted(TestClock.now());
        }
        if (t.endsWith("/suspension-lifts") || t.endsWith("/expulsion-lifts")) {
            return "{\"reason\":\"paid\"}";
        }
        if (t.endsWith("/checkouts")) {
            return "{\"memberNumber\":\"%s\",\"itemBarcode\":\"%s\"}".formatted(member, Desk.item("111001"));
        }
        if (t.endsWith("/returns")) {
            return "{\"itemBarcode\":\"%s\"}".formatted(item);
        }
        if (t.endsWith("/{libraryCode}/members")) {
            return Requests.adult(Requests.newIdentityKey());
        }
        if (t.endsWith("/card-password-check")) {
            return "{\"password\":\"not-the-password\"}"; // let through, it would count a wrong password
        }
        if (t.endsWith("/withdrawal")) {
            return "{\"requestedBy\":\"desk-1\",\"reason\":\"moving\"}";
        }
        if (t.endsWith("/suspensions")) {
            return "{\"libraryCode\":\"111001\",\"suspendedUntil\":\"2099-01-01\",\"reason\":\"damaged items\"}";
        }
        if (t.endsWith("/policy")) {
            return "{\"loanCap\":9,\"loanPeriodDays\":21,\"renewalLimit\":2,\"renewalDays\":7}";
        }
        if (t.endsWith("/closed-days/{year}")) {
            return "[\"2026-12-25\"]";
        }
        if (t.endsWith("/transit")) {
            return "{\"state\":\"SHIPPED\"}";
        }
        if (endpoint.method().equals("PATCH")) {
            return "{\"phone\":\"010-9999-8888\"}";
        }
        return "{}";
    }

    /** Row counts of every table, and the content of what only these endpoints change. */
    private Map<String, Object> snapshot() {
        Map<String, Object> state = new LinkedHashMap<>();
        List<Object> tables = new ArrayList<>(Db.column("select table_name from information_schema.tables "
                + "where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name"));
        for (Object table : tables) {
            state.put(table + " rows", Db.count("select count(*) from \"" + table + "\""));
        }
        state.put("member", Db.column("select md5(m::text) from member m where member_number = ?1", member));
        state.put("registrations", Db.column("select md5(r::text) from member_registration r join member m"
                + " on m.id = r.member_id where m.member_number = ?1 order by 1", member));
        state.put("loan", Db.column("select md5(l::text) from loan l where id = cast(?1 as uuid)", loanId));
        state.put("policies", Db.column("select md5(p::text) from library_policy p order by 1"));
        state.put("closed days", Db.column("select md5(d::text) from library_closed_day d order by 1"));
        return state;
    }
}
