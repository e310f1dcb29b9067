package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.chaekieum.contracts.api.CheckoutRequest;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.ReturnRequest;
import org.chaekieum.deploy.Federation;

/**
 * What a library system does at the circulation desk over HTTP: set a library's loan policy (operator), lend, take
 * back (at any library), renew, and ask for a member's loans across the federation, at a regional center or the hub.
 */
final class Circulation {

    static final String POLICY = "/api/v1/operator/libraries/{libraryCode}/policy";
    static final String CHECKOUTS = "/api/v1/libraries/{libraryCode}/checkouts";
    static final String RETURNS = "/api/v1/libraries/{libraryCode}/returns";
    static final String RENEWAL = "/api/v1/libraries/{libraryCode}/loans/{loanId}/renewal";
    static final String MEMBER_LOANS = "/api/v1/members/{memberNumber}/loans";
    static final String NATIONAL_MEMBER_LOANS = "/api/v1/national/members/{memberNumber}/loans";
    static final String NATIONAL_OVERRUNS = "/api/v1/national/overruns";
    static final String NATIONAL_LEDGER = "/api/v1/national/ledger";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String TRANSITS = "/api/v1/libraries/{libraryCode}/transits";
    static final String TRANSIT_STEP = "/api/v1/libraries/{libraryCode}/items/{itemBarcode}/transit";

    /** The national cap on a member's active loans across every library (the federation's default). */
    static final int NATIONAL_CAP = 20;

    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config().sslConfig(FederationExtension.TLS).httpClient(HttpClientConfig
            .httpClientConfig()
            .setParam("http.connection.timeout", 5_000)
            .setParam("http.socket.timeout", 30_000));

    /** A member who may borrow at several libraries: enrolled at the first, imported at the others. */
    record Member(String memberNumber, String identityKey) {
    }

    private Circulation() {
    }

    /**
     * A new adult full member of {@code homeLibrary}, imported (반입, with consent) at each of {@code otherLibraries}.
     */
    static Member memberRegisteredAt(Federation federation, String homeLibrary, List<String> otherLibraries) {
        EnrollmentRequest person = Library.adult();
        String memberNumber = Library.enrollAndAwaitHub(federation, homeLibrary, person);
        for (String library : otherLibraries) {
            Response imported = Library.importMember(federation, library, memberNumber,
                    Library.importWithConsent(person.identityKey()));
            assertThat(imported.statusCode()).as("import of %s at %s: %s", memberNumber, library, imported.asString())
                    .isIn(200, 201);
        }
        return new Member(memberNumber, person.identityKey());
    }

    /**
     * A fresh item barcode of a library: {@code $} + library code + a 12-character registration number ("EM" and
     * 10 random digits), so that no two tests (or two runs against the same databases) lend the same item.
     */
    static String newItem(String libraryCode) {
        return "$" + libraryCode + "EM" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
    }

    /** A policy with the given per-library cap, 14-day loans, one renewal of 7 days, no multi-child cap. */
    static LibraryPolicy policyWithCap(int loanCap) {
        return new LibraryPolicy(loanCap, 14, 1, 7, null);
    }

    /** Sets a library's policy (operator API) and checks that it answers 200 with what was set. */
    static void setPolicy(Federation federation, String libraryCode, LibraryPolicy policy) {
        Response response = at(federation, libraryCode)
                .contentType(ContentType.JSON)
                .body(policy)
                .put(POLICY, libraryCode);
        assertThat(response.statusCode()).as("policy of %s: %s", libraryCode, response.asString()).isEqualTo(200);
        assertThat(response.jsonPath().getInt("loanCap")).as("loan cap of %s", libraryCode)
                .isEqualTo(policy.loanCap());
    }

    static Response policy(Federation federation, String libraryCode) {
        return at(federation, libraryCode).get(POLICY, libraryCode);
    }

    /** {@code POST} a checkout at a library (to the regional center serving it). */
    static Response checkout(Federation federation, String libraryCode, String memberNumber, String itemBarcode) {
        return at(federation, libraryCode)
                .contentType(ContentType.JSON)
                .body(new CheckoutRequest(memberNumber, itemBarcode))
                .post(CHECKOUTS, libraryCode);
    }

    /** {@code POST} a checkout with an {@code Idempotency-Key}. */
    static Response checkout(Federation federation, String libraryCode, String memberNumber, String itemBarcode,
                             String idempotencyKey) {
        return at(federation, libraryCode)
                .header(IDEMPOTENCY_KEY, idempotencyKey)
                .contentType(ContentType.JSON)
                .body(new CheckoutRequest(memberNumber, itemBarcode))
                .post(CHECKOUTS, libraryCode);
    }

    /** A checkout that must succeed (201); returns the loan's id. */
    static String lend(Federation federation, String libraryCode, String memberNumber, String itemBarcode) {
        Response response = checkout(federation, libraryCode, memberNumber, itemBarcode);
        assertThat(response.statusCode()).as("checkout of %s at %s for %s: %s", itemBarcode, libraryCode,
                memberNumber, response.asString()).isEqualTo(201);
        String loanId = response.jsonPath().getString("loanId");
        assertThat(loanId).as("loanId of %s", response.asString()).isNotBlank();
        return loanId;
    }

    /** {@code POST} a return (타관반납 when the library is not the item's owner). */
    static Response returnItem(Federation federation, String libraryCode, String itemBarcode) {
        return at(federation, libraryCode)
                .contentType(ContentType.JSON)
                .body(new ReturnRequest(itemBarcode))
                .post(RETURNS, libraryCode);
    }

    /** {@code GET} the items in transit to or from a library, at its regional center. */
    static Response transits(Federation federation, String libraryCode) {
        return at(federation, libraryCode).get(TRANSITS, libraryCode);
    }

    /** {@code POST} a transit step (SHIPPED, BACK_HOME) taken at a library. */
    static Response advanceTransit(Federation federation, String libraryCode, String itemBarcode, String state) {
        return at(federation, libraryCode)
                .contentType(ContentType.JSON)
                .body(Map.of("state", state))
                .post(TRANSIT_STEP, libraryCode, itemBarcode);
    }

    static Response renew(Federation federation, String libraryCode, String loanId) {
        return at(federation, libraryCode)
                .contentType(ContentType.JSON)
                .post(RENEWAL, libraryCode, loanId);
    }

    /** {@code GET} the member's loans across the federation, asked at one regional center. */
    static Response memberLoans(Federation federation, String regionId, String memberNumber) {
        return given().config(CONFIG).baseUri(federation.region(regionId).baseUrl()).header("Accept", Library.ACCEPT)
                .get(MEMBER_LOANS, memberNumber);
    }

    /** {@code GET} the member's loans from the hub's national ledger. */
    static Response nationalLoans(Federation federation, String memberNumber) {
        return hub(federation).get(NATIONAL_MEMBER_LOANS, memberNumber);
    }

    static Response overruns(Federation federation) {
        return hub(federation).get(NATIONAL_OVERRUNS);
    }

    static Response ledger(Federation federation, String regionId, String status) {
        return hub(federation).queryParam("region", regionId).queryParam("status", status).get(NATIONAL_LEDGER);
    }

    private static RequestSpecification hub(Federation federation) {
        return given().config(CONFIG).baseUri(federation.hub().baseUrl()).header("Accept", Library.ACCEPT);
    }

    private static RequestSpecification at(Federation federation, String libraryCode) {
        return given().config(CONFIG).baseUri(federation.regionOfLibrary(libraryCode).baseUrl())
                .header("Accept", Library.ACCEPT);
    }
}
