package org.chaekieum.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.testsupport.AccessMatrix.at;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.testsupport.AccessMatrix;
import org.chaekieum.testsupport.AccessMatrix.Answer;
import org.chaekieum.testsupport.AccessMatrix.Endpoint;
import org.chaekieum.testsupport.PostgresResource;
import org.chaekieum.testsupport.RowCounts;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the national hub against every kind of caller: no token and bad tokens are 401, a valid token
 * without an admitted role is 403, and nothing is written on any refusal. Library systems never call the hub.
 */
@QuarkusTest
class HubAccessMatrixTest {

    private static final String RS = Access.REGION_SERVICE;
    private static final String NM = Access.NATIONAL_MONITOR;

    /** Every endpoint and who may call it. A new endpoint fails this test until it is listed here. */
    private static final List<Endpoint> ENDPOINTS = List.of(
            at("GET", "/api/v1/national/members/{memberNumber}", RS, NM),
            at("POST", "/api/v1/national/identity-lookups", RS),
            at("POST", "/api/v1/national/members/{memberNumber}/profile-transfers", RS),
            at("GET", "/api/v1/national/refusals", NM),
            at("GET", "/api/v1/national/duplicates", NM),
            at("POST", "/api/v1/national/loan-reservations", RS),
            at("DELETE", "/api/v1/national/loan-reservations/{loanId}", RS),
            at("GET", "/api/v1/national/members/{memberNumber}/loans", RS, NM),
            at("POST", "/api/v1/national/returns", RS),
            at("POST", "/api/v1/national/transits", RS),
            at("GET", "/api/v1/national/libraries/{libraryCode}/transits", RS, NM),
            at("GET", "/api/v1/national/overruns", NM),
            at("GET", "/api/v1/national/ledger", NM),
            at("GET", "/api/v1/national/suspensions", NM),
            at("GET", "/api/v1/national/statistics", NM, Access.REGION_OPERATOR),
            at("GET", "/api/v1/national/statistics/rebuilds", NM),
            at("POST", "/api/v1/national/statistics/rebuilds", NM),
            at("GET", "/api/v1/national/members/{memberNumber}/rights", RS, NM),
            at("POST", "/api/v1/national/members/{memberNumber}/rights/grants", RS),
            at("POST", "/api/v1/national/members/{memberNumber}/rights/returns", RS),
            at("GET", "/api/v1/national/rights/reconciliation", NM));

    private static final Map<String, String> ROLE_TOKENS = AccessMatrix.oneTokenPerRole("111001", "seoul");

    @TestHTTPResource("/")
    URI base;

    private AccessMatrix matrix;
    private String member;

    @BeforeEach
    void matrix() {
        member = UnifiedMemberNumber.issue(LibraryCode.of("111001"), 26, 90_000 + (int) (Math.random() * 9_000))
                .value();
        matrix = new AccessMatrix(base, Map.of("memberNumber", member, "loanId", UUID.randomUUID().toString(),
                "libraryCode", "111001"));
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
    void withoutAValidTokenEveryEndpointAnswers401AndWritesNothing() throws SQLException {
        Map<String, Long> before = rowCounts();
        SoftAssertions soft = new SoftAssertions();
        matrix.expectRefused(ENDPOINTS, AccessMatrix.unauthenticatedCallers("111001"), this::body, 401,
                "UNAUTHENTICATED", soft);
        soft.assertThat(rowCounts()).as("database after the refusals").isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void aTokenWithoutAnAdmittedRoleIs403AndWritesNothing() throws SQLException {
        Map<String, Long> before = rowCounts();
        SoftAssertions soft = new SoftAssertions();
        matrix.expectRefused(ENDPOINTS, ROLE_TOKENS, this::body, 403, "FORBIDDEN", soft);
        soft.assertThat(rowCounts()).as("database after the refusals").isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void aRegionsServiceAccountActsOnlyForItsOwnRegionAndItsLibraries() throws SQLException {
        Map<String, Long> before = rowCounts();
        String seoul = TestTokens.regionService("seoul");
        String reservation = """
                {"loanId":"%s","memberNumber":"%s","libraryCode":"%s","region":"%s",
                 "itemBarcode":"$%sEM0000000001","dueOn":"2099-01-01","warnOnly":false}""";
        SoftAssertions soft = new SoftAssertions();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("a reservation as another region", reservation.formatted(UUID.randomUUID(), member, "141001",
                "gyeonggi", "141001"));
        refused.put("a reservation at another region's library", reservation.formatted(UUID.randomUUID(), member,
                "141001", "seoul", "141001"));
        // 191001: region digits 91, which no configured region claims: refused, never let through (fail closed).
        refused.put("a reservation at a library of no known region", reservation.formatted(UUID.randomUUID(), member,
                "191001", "seoul", "191001"));
        refused.forEach((what, body) -> {
            Answer answer = matrix.call(ENDPOINTS.get(5), seoul, body);
            soft.assertThat(answer.status()).as("%s: %s", what, answer.body()).isEqualTo(403);
            soft.assertThat(answer.code()).as(what).isEqualTo("REGION_NOT_PERMITTED");
        });
        Answer returned = matrix.call(ENDPOINTS.get(8), seoul, """
                {"itemBarcode":"$111001EM0000000002","returnedAtLibrary":"141001",
                 "returnedAt":"2030-01-05T09:00:00Z","requestingRegion":"gyeonggi"}""");
        soft.assertThat(returned.status()).as("a return as another region: %s", returned.body()).isEqualTo(403);
        Answer transfer = matrix.call(ENDPOINTS.get(2), seoul, """
                {"requestingRegion":"gyeonggi","libraryCode":"141001","identityHash":"%s",
                 "consentAt":"2030-01-05T09:00:00Z","requestedBy":"desk-1"}""".formatted("ab".repeat(32)));
        soft.assertThat(transfer.status()).as("a profile transfer as another region: %s", transfer.body())
                .isEqualTo(403);
        Answer token = matrix.call(ENDPOINTS.get(5), TestTokens.regionService(""), reservation.formatted(
                UUID.randomUUID(), member, "111001", "seoul", "111001"));
        soft.assertThat(token.status()).as("a service token without a region: %s", token.body()).isEqualTo(403);
        soft.assertThat(rowCounts()).as("database after the refusals").isEqualTo(before);
        soft.assertAll();
    }

    @Test
    void onlyTheRegionThatReservedAPlaceCanGiveItBack() throws SQLException {
        String loanId = UUID.randomUUID().toString();
        Answer reserved = matrix.call(ENDPOINTS.get(5), TestTokens.regionService("seoul"), """
                {"loanId":"%s","memberNumber":"%s","libraryCode":"111001","region":"seoul",
                 "itemBarcode":"$111001EM0000000003","dueOn":"2099-01-01","warnOnly":false}"""
                .formatted(loanId, member));
        assertThat(reserved.status()).as(reserved.body()).isEqualTo(201);
        Endpoint release = ENDPOINTS.get(6);
        Map<String, String> id = Map.of("loanId", loanId);
        assertThat(matrix.call(release, id, TestTokens.regionService("gyeonggi"), null).status()).isEqualTo(204);
        assertThat(ledgerStatus(loanId)).as("after another region's release").isEqualTo("RESERVED");
        assertThat(matrix.call(release, id, TestTokens.regionService("seoul"), null).status()).isEqualTo(204);
        assertThat(ledgerStatus(loanId)).as("after its own region's release").isEqualTo("RELEASED");
    }

    @Test
    void theAdmittedRolesAreLetThrough() {
        SoftAssertions soft = new SoftAssertions();
        for (Endpoint endpoint : ENDPOINTS) {
            if (!endpoint.method().equals("GET")) {
                continue;
            }
            for (String role : endpoint.roles()) {
                Answer answer = matrix.call(endpoint, ROLE_TOKENS.get(role), null);
                soft.assertThat(answer.status()).as("%s as %s", endpoint, role).isNotIn(401, 403);
            }
        }
        Answer reserved = matrix.call(ENDPOINTS.get(5), ROLE_TOKENS.get(RS), body(ENDPOINTS.get(5)));
        soft.assertThat(reserved.status()).as("a reservation by a region's service account: %s", reserved.body())
                .isNotIn(401, 403, 500);
        soft.assertAll();
    }

    @Test
    void healthMetricsAndTheApiDocumentStayOpen() {
        matrix.assertOpen("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi");
    }

    /** Bodies that would write if the request were let through. */
    private String body(Endpoint endpoint) {
        String t = endpoint.template();
        if (t.endsWith("/loan-reservations")) {
            return """
                    {"loanId":"%s","memberNumber":"%s","libraryCode":"111001","region":"seoul",
                     "itemBarcode":"$111001EM0000000001","dueOn":"2099-01-01","warnOnly":false}"""
                    .formatted(UUID.randomUUID(), member);
        }
        if (t.endsWith("/statistics/rebuilds")) {
            return "{\"from\":\"" + LocalDate.now(ZoneId.of("Asia/Seoul")) + "\"}";
        }
        if (t.endsWith("/identity-lookups")) {
            return "{\"identityHash\":\"" + "ab".repeat(32) + "\"}";
        }
        return "{}";
    }

    private static String ledgerStatus(String loanId) throws SQLException {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
             Statement statement = db.createStatement();
             ResultSet row = statement.executeQuery("select status from national_loan where loan_id = '"
                     + UUID.fromString(loanId) + "'")) {
            return row.next() ? row.getString(1).trim() : null;
        }
    }

    /** Row counts of every table of the hub's database. */
    private static Map<String, Long> rowCounts() {
        try (RowCounts counts = RowCounts.ofTestDatabase()) {
            return counts.now();
        }
    }
}
