package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.testsupport.WriteFuzz.endpoint;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.chaekieum.hub.support.StandInCirculation;
import org.chaekieum.hub.support.StandInRegion;
import org.chaekieum.hub.support.StandInRegion.Reply;
import org.chaekieum.hub.support.TestEvents;
import org.chaekieum.testsupport.RowCounts;
import org.chaekieum.testsupport.TestTokens;
import org.chaekieum.testsupport.WriteFuzz;
import org.chaekieum.testsupport.WriteFuzz.Endpoint;
import org.chaekieum.testsupport.WriteFuzz.Valid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every write endpoint of the national hub with over-long and odd values in every field of a valid request, in the
 * whole body and in every path parameter: never a 5xx, every refusal a problem+json with a code, and nothing written on
 * a refusal. See {@link WriteFuzz} for the variants.
 */
@QuarkusTest
class WriteEndpointFuzzTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    DataSource dataSource;

    /** The stand-in home region forgets the profile programmed for the fuzz. */
    @AfterEach
    void standInBackToNormal() {
        StandInRegion.clear();
    }

    @Test
    void everyWriteEndpointRefusesOddValuesWithAProblemAndWritesNothing() throws SQLException {
        List<Endpoint> endpoints = endpoints();
        try (RowCounts counts = RowCounts.ofTestDatabase()) {
            WriteFuzz fuzz = new WriteFuzz(base, TestTokens.everyRole("seoul", "111001", "111002"), counts);
            Set<String> listed = endpoints.stream().map(Endpoint::key).collect(Collectors.toCollection(TreeSet::new));
            assertThat(listed).as("every write operation of /q/openapi is fuzzed").isEqualTo(fuzz.declaredWrites("/api/"));
            WriteFuzz.Report report = fuzz.run(endpoints);
            System.out.println("National hub write fuzz: " + report.summary());
            report.assertNoFailures();
        }
    }

    /** Every write endpoint with a request that would succeed. A new one fails the test until it is listed here. */
    private List<Endpoint> endpoints() throws SQLException {
        String identityHash = TestEvents.newIdentityHash();
        String member = registered(identityHash);
        StandInRegion.answer(member, Reply.ok(profile(member)));
        return List.of(
                endpoint("POST", "/api/v1/national/loan-reservations").body(Map.of(), () -> reservation(
                        UUID.randomUUID().toString())),
                endpoint("DELETE", "/api/v1/national/loan-reservations/{loanId}").valid(() -> {
                    String loanId = UUID.randomUUID().toString();
                    given().contentType(ContentType.JSON).body(reservation(loanId))
                            .post("/api/v1/national/loan-reservations").then().statusCode(201);
                    return new Valid(Map.of("loanId", loanId), null);
                }),
                endpoint("POST", "/api/v1/national/returns").body(Map.of(), () -> {
                    String item = barcode();
                    StandInCirculation.answerReturn(item, Reply.ok(loanView(item, "RETURNED_ELSEWHERE")));
                    return """
                            {"itemBarcode":"%s","returnedAtLibrary":"111002","returnedAt":"%s",
                             "requestingRegion":"seoul"}""".formatted(item, Instant.now());
                }),
                endpoint("POST", "/api/v1/national/transits").body(Map.of(), () -> {
                    String item = barcode();
                    StandInCirculation.answerTransit(item, Reply.ok(loanView(item, "SHIPPED")));
                    return """
                            {"itemBarcode":"%s","atLibrary":"111002","state":"SHIPPED","requestingRegion":"seoul"}"""
                            .formatted(item);
                }),
                // Accepted, it recounts the statistics from today (their own schema, which RowCounts does not
                // watch: the consumer rewriting them is no write of a refused request).
                endpoint("POST", "/api/v1/national/statistics/rebuilds").body(Map.of(), () -> "{\"from\":\""
                        + TestEvents.today() + "\"}"),
                endpoint("POST", "/api/v1/national/identity-lookups")
                        .body(Map.of(), () -> "{\"identityHash\":\"" + identityHash + "\"}"),
                endpoint("POST", "/api/v1/national/members/{memberNumber}/rights/grants")
                        .body(Map.of("memberNumber", TestEvents.newNumber()), () -> "{\"region\":\"seoul\","
                                + "\"moveId\":\"" + UUID.randomUUID() + "\"}"),
                endpoint("POST", "/api/v1/national/members/{memberNumber}/rights/returns")
                        .body(Map.of("memberNumber", TestEvents.newNumber()), () -> "{\"region\":\"seoul\","
                                + "\"moveId\":\"" + UUID.randomUUID() + "\",\"count\":0}"),
                endpoint("POST", "/api/v1/national/members/{memberNumber}/profile-transfers")
                        .body(Map.of("memberNumber", member), () -> """
                                {"requestingRegion":"seoul","libraryCode":"111002","identityHash":"%s",
                                 "consentAt":"%s","requestedBy":"desk-3","purpose":"IMPORT"}"""
                                .formatted(identityHash, Instant.now())));
    }

    private static String reservation(String loanId) {
        return """
                {"loanId":"%s","memberNumber":"%s","libraryCode":"111001","region":"seoul",
                 "itemBarcode":"%s","dueOn":"%s","warnOnly":false}"""
                .formatted(loanId, TestEvents.newNumber(), barcode(),
                        TestEvents.today().plusDays(14));
    }

    /** The owning region's answer to a routed return or transit step of one of its items. */
    private static String loanView(String item, String transit) {
        return """
                {"loanId":"%s","memberNumber":"%s","libraryCode":"111001","owningLibrary":"111001",
                 "itemBarcode":"%s","checkedOutAt":"2030-01-01T10:00:00Z","dueOn":"2030-01-15","renewals":0,
                 "renewalsLeft":1,"status":"RETURNED","degraded":false,"returnedAt":"2030-01-05T09:00:00Z",
                 "returnedAtLibrary":"111002","transit":"%s"}"""
                .formatted(UUID.randomUUID(), TestEvents.newNumber(), item, transit);
    }

    private static String profile(String member) {
        return """
                {"memberNumber":"%s","numberForm":"CHECK_DIGIT","issuingLibrary":"%s","homeRegion":"seoul",
                 "name":"김책이","birthDate":"1990-05-01","phone":"010-1234-5678","category":"FULL",
                 "status":"NORMAL","profileVersion":1}""".formatted(member, member.substring(0, 6));
    }

    private static String barcode() {
        return "$111001EM" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
    }

    /** A member of seoul in the registry, with this identity hash. */
    private String registered(String identityHash) throws SQLException {
        String number = TestEvents.newNumber();
        try (Connection c = dataSource.getConnection(); var insert = c.prepareStatement("""
                insert into national_member (member_number, number_form, issuing_library, region, identity_hash,
                    category, status, registered_at, updated_at)
                values (?, 'CHECK_DIGIT', ?, 'seoul', ?, 'FULL', 'NORMAL', now(), now())""")) {
            insert.setString(1, number);
            insert.setString(2, number.substring(0, 6));
            insert.setString(3, identityHash);
            insert.executeUpdate();
        }
        return number;
    }
}
