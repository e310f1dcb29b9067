package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.region.support.Desk.item;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.chaekieum.region.circulation.IdempotencyExpiry;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.chaekieum.testsupport.TestClock;
import org.chaekieum.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An Idempotency-Key is its client's own, and saved answers are kept for the configured retention only. */
@QuarkusTest
class IdempotencyScopeTest {

    /** Two library systems (two clients, azp ils-111002 and ils-111002-111001) that both act for library 111002. */
    private static final String DESK = TestTokens.librarySystem("111002");
    private static final String KIOSKS = TestTokens.librarySystem("111002", "111001");

    @Inject
    IdempotencyExpiry expiry;

    @BeforeEach
    void hub() {
        TestHub.reset();
    }

    @Test
    void twoClientsOfOneLibraryNeverGetEachOthersSavedAnswers() {
        String member = enroll("111002", Requests.newIdentityKey());
        String first = item("111002");
        String key = "shared-" + UUID.randomUUID();

        String loanId = checkout(DESK, member, first, key).then().statusCode(201).extract().path("loanId");

        // The other client's request with the same key is its own request: the item is on loan, not "your loan".
        checkout(KIOSKS, member, first, key).then().statusCode(409).body("code", equalTo("ITEM_ON_LOAN"));
        // ... and the key is not "used for a different request" either: it was never this client's.
        String second = item("111002");
        String otherLoan = checkout(KIOSKS, member, second, key).then().statusCode(201).extract().path("loanId");
        assertThat(otherLoan).isNotEqualTo(loanId);
        // Each client still gets its own first answer.
        checkout(DESK, member, first, key).then().statusCode(200).body("loanId", equalTo(loanId));
        checkout(KIOSKS, member, second, key).then().statusCode(200).body("loanId", equalTo(otherLoan));

        String returnKey = "return-" + UUID.randomUUID();
        giveBack(DESK, first, returnKey).then().statusCode(200).body("loanId", equalTo(loanId));
        giveBack(KIOSKS, first, returnKey).then().statusCode(404).body("code", equalTo("ITEM_NOT_ON_LOAN"));
    }

    @Test
    void savedAnswersAreDeletedAfterTheRetentionAndTheKeyThenMakesANewRequest() {
        String member = enroll("111002", Requests.newIdentityKey());
        String old = item("111002");
        String recent = item("111002");
        String oldKey = "old-" + UUID.randomUUID();
        String recentKey = "recent-" + UUID.randomUUID();
        checkout(DESK, member, old, oldKey).then().statusCode(201);
        checkout(DESK, member, recent, recentKey).then().statusCode(201);
        Db.update("update idempotency_record set created_at = created_at - interval '25 hours' where idem_key = ?1",
                oldKey);

        assertThat(expiry.run(TestClock.now())).isGreaterThanOrEqualTo(1);

        assertThat(Db.count("select count(*) from idempotency_record where idem_key = ?1", oldKey)).isZero();
        assertThat(Db.count("select count(*) from idempotency_record where idem_key = ?1", recentKey)).isOne();
        checkout(DESK, member, recent, recentKey).then().statusCode(200);
        checkout(DESK, member, old, oldKey).then().statusCode(409).body("code", equalTo("ITEM_ON_LOAN"));
        // An hour short of the retention is kept.
        Db.update("update idempotency_record set created_at = created_at - interval '23 hours' where idem_key = ?1",
                recentKey);
        expiry.run(TestClock.now().plus(Duration.ofMinutes(1)));
        assertThat(Db.count("select count(*) from idempotency_record where idem_key = ?1", recentKey)).isOne();
    }

    private static Response checkout(String token, String member, String item, String key) {
        return given().header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body("{\"memberNumber\":\"%s\",\"itemBarcode\":\"%s\"}".formatted(member, item))
                .post("/api/v1/libraries/111002/checkouts");
    }

    private static Response giveBack(String token, String item, String key) {
        return given().header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body("{\"itemBarcode\":\"%s\"}".formatted(item))
                .post("/api/v1/libraries/111002/returns");
    }
}
