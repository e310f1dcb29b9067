package org.chaekieum.region.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** What a library system asks of this region over REST, for tests that need a member, a loan or a report first. */
public final class Desk {

    /** The card password a member imported by {@link #importAt(String, String, String)} gets at that library. */
    public static final String LOCAL_PASSWORD = "1234";

    private Desk() {
    }

    /** Enrolls an adult ({@link Requests#adult}) at the library; the new member number. */
    public static String enroll(String library, String identityKey) {
        return given().contentType(ContentType.JSON).body(Requests.adult(identityKey))
                .post("/api/v1/libraries/" + library + "/members")
                .then().statusCode(201).extract().path("memberNumber");
    }

    /** 반입 of the member at the library, with the card password {@link #LOCAL_PASSWORD}. */
    public static Response importAt(String library, String memberNumber, String identityKey) {
        return importAt(library, memberNumber, identityKey, LOCAL_PASSWORD);
    }

    /** 반입 of the member at the library, with this card password there. */
    public static Response importAt(String library, String memberNumber, String identityKey, String localPassword) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"identityKey":"%s","consents":{"transfer":true},"requestedBy":"desk-7","localPassword":"%s"}"""
                        .formatted(identityKey, localPassword))
                .post("/api/v1/libraries/" + library + "/members/" + memberNumber + "/import");
    }

    /** A new item barcode of the library. */
    public static String item(String library) {
        return "$" + library + "EM" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
    }

    /** A checkout at the library, with an Idempotency-Key unless null. */
    public static Response checkout(String library, String member, String item, String idempotencyKey) {
        var request = given().contentType(ContentType.JSON)
                .body("{\"memberNumber\":\"%s\",\"itemBarcode\":\"%s\"}".formatted(member, item));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/v1/libraries/" + library + "/checkouts");
    }

    /** A return at the library. */
    public static Response giveBack(String library, String item) {
        return giveBack(library, item, null);
    }

    /** A return at the library, with an Idempotency-Key unless null. */
    public static Response giveBack(String library, String item, String idempotencyKey) {
        var request = given().contentType(ContentType.JSON).body("{\"itemBarcode\":\"%s\"}".formatted(item));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/v1/libraries/" + library + "/returns");
    }

    /** A new local key for a library system's loan report. */
    public static String reportKey() {
        return "K" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** The body of a library system's loan report (K10): who borrowed what, when, and until when. */
    public static String loanReport(String member, String item, Instant checkedOutAt, LocalDate dueOn) {
        return """
                {"memberNumber":"%s","itemBarcode":"%s","checkedOutAt":"%s","dueOn":"%s"}"""
                .formatted(member, item, checkedOutAt, dueOn);
    }
}
