package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.testsupport.TestClock.today;
import static org.chaekieum.testsupport.WriteFuzz.endpoint;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.chaekieum.region.members.IdentityHasher;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Desk;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.RowCounts;
import org.chaekieum.testsupport.TestClock;
import org.chaekieum.testsupport.TestTokens;
import org.chaekieum.testsupport.WriteFuzz;
import org.chaekieum.testsupport.WriteFuzz.Endpoint;
import org.chaekieum.testsupport.WriteFuzz.Valid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every write endpoint of the regional center with over-long and odd values in every field of a valid request (nested
 * ones included), in the whole body, in every path parameter and in the Idempotency-Key header: never a 5xx, every
 * refusal a problem+json with a code, and nothing written on a refusal. See {@link WriteFuzz} for the variants.
 */
@QuarkusTest
class WriteEndpointFuzzTest {

    /** The library whose loan policy the fuzz sets; set back to the region's defaults afterwards. */
    private static final String POLICY_LIBRARY = "111004";
    private static final String DEFAULT_POLICY = """
            {"loanCap":5,"loanPeriodDays":14,"renewalLimit":1,"renewalDays":14,"multiChildLoanCap":null,
             "suspension":{"offsetBefore":0,"weight":1,"offsetAfter":0,"counting":"LARGEST","skipClosedDays":false,
                           "maxDays":0,"warnOnly":false}}""";

    @TestHTTPResource("/")
    URI base;

    @Inject
    IdentityHasher hasher;

    @AfterEach
    void policyBackToTheDefaults() {
        given().contentType(ContentType.JSON).body(DEFAULT_POLICY)
                .put("/api/v1/operator/libraries/" + POLICY_LIBRARY + "/policy").then().statusCode(200);
        Db.update("delete from library_policy where library_code = ?1", POLICY_LIBRARY);
        Db.update("delete from library_closed_day where library_code = ?1 and closed_on >= ?2 and closed_on <= ?3",
                POLICY_LIBRARY, LocalDate.of(2030, 1, 1), LocalDate.of(2030, 12, 31));
    }

    @Test
    void everyWriteEndpointRefusesOddValuesWithAProblemAndWritesNothing() {
        TestHub.reset();
        List<Endpoint> endpoints = endpoints();
        try (RowCounts counts = RowCounts.ofTestDatabase()) {
            WriteFuzz fuzz = new WriteFuzz(base, TestTokens.everyRole("seoul", "111001", "111002", "111003",
                    "111004"), counts);
            Set<String> listed = endpoints.stream().map(Endpoint::key).collect(Collectors.toCollection(TreeSet::new));
            assertThat(listed).as("every write operation of /q/openapi is fuzzed").isEqualTo(fuzz.declaredWrites("/api/"));
            WriteFuzz.Report report = fuzz.run(endpoints);
            System.out.println("Regional center write fuzz: " + report.summary());
            report.assertNoFailures();
        }
    }

    /** Every write endpoint with a request that would succeed. A new one fails the test until it is listed here. */
    private List<Endpoint> endpoints() {
        String home = Desk.enroll("111001", Requests.newIdentityKey());
        String homeKey = Requests.newIdentityKey();
        String transferred = Desk.enroll("111001", homeKey);
        String suspended = Desk.enroll("111001", Requests.newIdentityKey());
        Map<String, String> at111001 = Map.of("libraryCode", "111001");
        return List.of(
                endpoint("POST", "/api/v1/libraries/{libraryCode}/members").body(at111001, () -> """
                        {"name":"박어린","birthDate":"%s","phone":"010-2222-3333","address":"서울시 중구 세종대로 110",
                         "identityKey":"%s","category":"FULL","consents":{"personalData":true,"thirdPartyTransfer":true},
                         "guardian":{"name":"박보호","phone":"010-4444-5555","consent":true}}"""
                        .formatted(today().minusYears(10), Requests.newIdentityKey())),
                endpoint("POST", "/api/v1/libraries/{libraryCode}/members/{memberNumber}/import").valid(() -> {
                    String key = Requests.newIdentityKey();
                    String member = Desk.enroll("111001", key);
                    return new Valid(Map.of("libraryCode", "111002", "memberNumber", member), """
                            {"identityKey":"%s","consents":{"transfer":true},"requestedBy":"desk-7",
                             "localPassword":"1234"}""".formatted(key));
                }),
                endpoint("POST", "/api/v1/libraries/{libraryCode}/members/{memberNumber}/card-password-check")
                        .valid(() -> {
                            String key = Requests.newIdentityKey();
                            String member = Desk.enroll("111001", key);
                            Desk.importAt("111002", member, key).then().statusCode(201);
                            return new Valid(Map.of("libraryCode", "111002", "memberNumber", member),
                                    "{\"password\":\"1234\"}");
                        }),
                endpoint("PATCH", "/api/v1/libraries/{libraryCode}/members/{memberNumber}")
                        .body(Map.of("libraryCode", "111001", "memberNumber", home), () -> """
                                {"phone":"010-9999-8888","address":"서울시 종로구 1","category":"FULL",
                                 "categoryModifier":"MULTI_CHILD","modifierExpiresOn":"%s","status":"NORMAL",
                                 "statusReason":"verified at the desk","requestedBy":"desk-1"}"""
                                .formatted(today().plusYears(1))),
                endpoint("POST", "/api/v1/libraries/{libraryCode}/members/{memberNumber}/withdrawal").valid(() ->
                        new Valid(Map.of("libraryCode", "111001", "memberNumber",
                                Desk.enroll("111001", Requests.newIdentityKey())),
                                "{\"requestedBy\":\"desk-1\",\"reason\":\"moving abroad\"}")),
                endpoint("POST", "/api/v1/libraries/{libraryCode}/checkouts").idempotencyKey()
                        .body(at111001, () -> "{\"memberNumber\":\"%s\",\"itemBarcode\":\"%s\"}".formatted(
                                Desk.enroll("111001", Requests.newIdentityKey()),
                                Desk.item("111001"))),
                endpoint("POST", "/api/v1/libraries/{libraryCode}/returns").idempotencyKey()
                        .body(at111001, () -> "{\"itemBarcode\":\"%s\"}".formatted(lent().item())),
                endpoint("POST", "/api/v1/libraries/{libraryCode}/loans/{loanId}/renewal").idempotencyKey()
                        .valid(() -> new Valid(Map.of("libraryCode", "111001", "loanId", lent().loanId()), null)),
                endpoint("POST", "/api/v1/libraries/{libraryCode}/items/{itemBarcode}/transit").valid(() -> {
                    String item = lent().item();
                    Desk.giveBack("111002", item).then().statusCode(200);
                    return new Valid(Map.of("libraryCode", "111002", "itemBarcode", item), "{\"state\":\"SHIPPED\"}");
                }),
                endpoint("PUT", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}").idempotencyKey()
                        .valid(() -> new Valid(Map.of("libraryCode", "111001", "localKey", Desk.reportKey()),
                                loanReport(Desk.enroll("111001", Requests.newIdentityKey())))),
                endpoint("PUT", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}/return").idempotencyKey()
                        .valid(() -> new Valid(Map.of("libraryCode", "111001", "localKey", reported()),
                                "{\"returnedAtLibrary\":\"111001\",\"returnedAt\":\"%s\"}"
                                        .formatted(TestClock.now()))),
                endpoint("PATCH", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}").idempotencyKey()
                        .valid(() -> new Valid(Map.of("libraryCode", "111001", "localKey", reported()),
                                "{\"dueOn\":\"%s\",\"renewals\":1}".formatted(today().plusDays(30)))),
                endpoint("DELETE", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}").idempotencyKey()
                        .valid(() -> new Valid(Map.of("libraryCode", "111001", "localKey", reported()), null)),
                endpoint("DELETE", "/api/v1/libraries/{libraryCode}/loan-reports/{localKey}/return")
                        .idempotencyKey().valid(() -> {
                            String key = reported();
                            given().contentType(ContentType.JSON).body("{\"returnedAt\":\"%s\"}"
                                            .formatted(TestClock.now()))
                                    .put("/api/v1/libraries/111001/loan-reports/" + key + "/return").then()
                                    .statusCode(200);
                            return new Valid(Map.of("libraryCode", "111001", "localKey", key), null);
                        }),
                endpoint("POST", "/api/v1/libraries/{libraryCode}/members/{memberNumber}/suspensions")
                        .valid(() -> new Valid(Map.of("libraryCode", "111001", "memberNumber",
                                Desk.enroll("111001", Requests.newIdentityKey())), """
                                {"libraryCode":"111001","suspendedUntil":"%s","reason":"damaged items"}"""
                                .formatted(today().plusDays(30)))),
                endpoint("POST", "/api/v1/libraries/{libraryCode}/members/{memberNumber}/suspension-lifts")
                        .valid(() -> new Valid(Map.of("libraryCode", "111001", "memberNumber", suspended),
                                "{\"reason\":\"items replaced\"}")),
                endpoint("POST", "/api/v1/federation/members/{memberNumber}/profile-transfers")
                        .body(Map.of("memberNumber", transferred), () -> """
                                {"requestingRegion":"gyeonggi","libraryCode":"141001","identityHash":"%s",
                                 "consentAt":"%s","requestedBy":"desk-3","purpose":"IMPORT"}"""
                                .formatted(hasher.hash(homeKey), TestClock.now())),
                endpoint("POST", "/api/v1/federation/members/{memberNumber}/rights/gives")
                        .body(Map.of("memberNumber", transferred), () -> "{\"moveId\":\"" + UUID.randomUUID()
                                + "\",\"count\":1}"),
                endpoint("POST", "/api/v1/federation/returns").body(Map.of(), () -> federatedReturn(lent().item())),
                endpoint("POST", "/api/v1/federation/transits").body(Map.of(), () -> {
                    String item = lent().item();
                    given().contentType(ContentType.JSON).body(federatedReturn(item))
                            .post("/api/v1/federation/returns").then().statusCode(200);
                    return """
                            {"itemBarcode":"%s","atLibrary":"141001","state":"SHIPPED","requestingRegion":"gyeonggi"}"""
                            .formatted(item);
                }),
                endpoint("PUT", "/api/v1/operator/libraries/{libraryCode}/policy")
                        .body(Map.of("libraryCode", POLICY_LIBRARY), () -> DEFAULT_POLICY),
                endpoint("PUT", "/api/v1/operator/libraries/{libraryCode}/closed-days/{year}")
                        .body(Map.of("libraryCode", POLICY_LIBRARY, "year", "2030"),
                                () -> "[\"2030-01-01\",\"2030-12-25\"]"),
                endpoint("POST", "/api/v1/operator/members/{memberNumber}/suspensions")
                        .body(Map.of("memberNumber", suspended), () -> """
                                {"libraryCode":"111001","suspendedUntil":"%s","reason":"damaged items"}"""
                                .formatted(today().plusDays(30))),
                endpoint("POST", "/api/v1/operator/members/{memberNumber}/suspension-lifts")
                        .body(Map.of("memberNumber", suspended), () -> "{\"reason\":\"items replaced\"}"),
                endpoint("POST", "/api/v1/operator/members/{memberNumber}/expulsion-lifts")
                        .body(Map.of("memberNumber", suspended), () -> "{\"reason\":\"appeal granted\"}"),
                endpoint("POST", "/api/v1/operator/overdue-runs"),
                endpoint("POST", "/api/v1/operator/retention-runs"));
    }

    /** A loan at 111001 of a new member. */
    private record Lent(String item, String loanId) {
    }

    private static Lent lent() {
        String member = Desk.enroll("111001", Requests.newIdentityKey());
        String item = Desk.item("111001");
        String loanId = Desk.checkout("111001", member, item, null).then().statusCode(201)
                .extract().path("loanId");
        return new Lent(item, loanId);
    }

    private static String loanReport(String member) {
        return Desk.loanReport(member, Desk.item("111001"), TestClock.now().minusSeconds(3600), today().plusDays(14));
    }

    /** The key of a loan reported at 111001 for a new member. */
    private static String reported() {
        String key = Desk.reportKey();
        given().contentType(ContentType.JSON).body(loanReport(Desk.enroll("111001", Requests.newIdentityKey())))
                .put("/api/v1/libraries/111001/loan-reports/" + key).then().statusCode(201);
        return key;
    }

    private static String federatedReturn(String item) {
        return """
                {"itemBarcode":"%s","returnedAtLibrary":"141001","returnedAt":"%s","requestingRegion":"gyeonggi"}"""
                .formatted(item, TestClock.now());
    }
}
