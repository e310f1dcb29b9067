package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.parsing.Parser;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.contracts.api.ImportRequest;
import org.chaekieum.contracts.api.WithdrawalRequest;
import org.chaekieum.deploy.Federation;

/**
 * What a library system does over HTTP: enroll members at its regional center, import members of other libraries
 * (반입), look them up, change and withdraw them at home, ask the hub.
 */
final class Library {

    static final String MEMBERS = "/api/v1/libraries/{libraryCode}/members";
    static final String MEMBER = "/api/v1/libraries/{libraryCode}/members/{memberNumber}";
    static final String IMPORT = "/api/v1/libraries/{libraryCode}/members/{memberNumber}/import";
    static final String WITHDRAWAL = "/api/v1/libraries/{libraryCode}/members/{memberNumber}/withdrawal";
    static final String NATIONAL_MEMBER = "/api/v1/national/members/{memberNumber}";
    static final String ACCEPT = "application/json, application/problem+json";

    /** Staff at the importing library and at the home library, as the audit records name them. */
    static final String IMPORTING_DESK = "desk-7";
    static final String HOME_DESK = "desk-1";

    private static final String[] FAMILY_NAMES = {"김", "이", "박", "최", "정", "강", "조", "윤"};
    private static final String[] GIVEN_NAMES = {"민준", "서연", "지호", "하은", "도윤", "수아", "예준", "지우"};
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config().sslConfig(FederationExtension.TLS).httpClient(HttpClientConfig
            .httpClientConfig()
            .setParam("http.connection.timeout", 5_000)
            .setParam("http.socket.timeout", 30_000));

    static {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private Library() {
    }

    /** An adult full member with a fresh identity key. */
    static EnrollmentRequest adult() {
        return adultWithIdentity("CI-E2E-" + UUID.randomUUID());
    }

    static EnrollmentRequest adultWithIdentity(String identityKey) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String name = FAMILY_NAMES[random.nextInt(FAMILY_NAMES.length)] + GIVEN_NAMES[random.nextInt(GIVEN_NAMES.length)];
        LocalDate birthDate = LocalDate.of(1950 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28));
        String phone = String.format("010-%04d-%04d", random.nextInt(10_000), random.nextInt(10_000));
        return new EnrollmentRequest(name, birthDate.toString(), phone, "서울특별시 중구 세종대로 110", identityKey,
                "FULL", new EnrollmentRequest.Consents(true, true), null);
    }

    /** {@code POST} the enrollment at the regional center serving the library. */
    static Response enroll(Federation federation, String libraryCode, EnrollmentRequest request) {
        return region(federation, libraryCode)
                .contentType(ContentType.JSON)
                .body(request)
                .post(MEMBERS, libraryCode);
    }

    /** An import (반입) request with the member's consent to the transfer, as a desk sends it. */
    static ImportRequest importWithConsent(String identityKey) {
        return new ImportRequest(identityKey, new ImportRequest.Consents(true), IMPORTING_DESK, "1234");
    }

    /** {@code POST} an import (반입) of a member of any library at the regional center serving {@code libraryCode}. */
    static Response importMember(Federation federation, String libraryCode, String memberNumber, Object request) {
        return region(federation, libraryCode)
                .contentType(ContentType.JSON)
                .body(request)
                .post(IMPORT, libraryCode, memberNumber);
    }

    /** {@code PATCH} the member at a library of the home region; {@code changes} holds only the fields to change. */
    static Response update(Federation federation, String libraryCode, String memberNumber, Map<String, ?> changes) {
        return region(federation, libraryCode)
                .contentType(ContentType.JSON)
                .body(changes)
                .patch(MEMBER, libraryCode, memberNumber);
    }

    /** {@code POST} a withdrawal (탈퇴) at a library of the home region. */
    static Response withdraw(Federation federation, String libraryCode, String memberNumber) {
        return region(federation, libraryCode)
                .contentType(ContentType.JSON)
                .body(new WithdrawalRequest(HOME_DESK, "member request"))
                .post(WITHDRAWAL, libraryCode, memberNumber);
    }

    /** Enrolls the person (201 expected) and returns the new member number once the hub serves it. */
    static String enrollAndAwaitHub(Federation federation, String libraryCode, EnrollmentRequest person) {
        Response enrolled = enroll(federation, libraryCode, person);
        assertThat(enrolled.statusCode()).as("enrollment at %s: %s", libraryCode, enrolled.asString())
                .isEqualTo(201);
        String memberNumber = enrolled.jsonPath().getString("memberNumber");
        assertThat(memberNumber).matches("\\d{14}").startsWith(libraryCode);
        await("the hub serves " + memberNumber).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(nationalMember(federation, memberNumber).statusCode())
                        .as("hub status of %s", memberNumber).isEqualTo(200));
        return memberNumber;
    }

    static Response member(Federation federation, String libraryCode, String memberNumber) {
        return region(federation, libraryCode).get(MEMBER, libraryCode, memberNumber);
    }

    static Response nationalMember(Federation federation, String memberNumber) {
        return given().config(CONFIG).baseUri(federation.hub().baseUrl()).header("Accept", ACCEPT)
                .get(NATIONAL_MEMBER, memberNumber);
    }

    private static RequestSpecification region(Federation federation, String libraryCode) {
        return given().config(CONFIG).baseUri(federation.regionOfLibrary(libraryCode).baseUrl())
                .header("Accept", ACCEPT);
    }
}
