package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.region.support.Desk.checkout;
import static org.chaekieum.region.support.Desk.enroll;
import static org.chaekieum.region.support.Desk.item;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.chaekieum.region.support.Db;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checkouts with the national cap kept by reservations ({@code national-cap-by=RESERVATIONS}, the design before issue
 * 17, still supported for a federation that has not switched) and the operator's bounded degraded rule: the hub's
 * refusal reaches the desk with its counts, and while the hub is away a bounded number of marked loans is lent.
 */
@QuarkusTest
@TestProfile(CirculationOnReservationsTest.OnReservations.class)
class CirculationOnReservationsTest {

    /** Every checkout reserves a place at the hub; while it is away, the bounded degraded rule (2 per member). */
    public static class OnReservations implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chaekieum.circulation.national-cap-by", "RESERVATIONS",
                    "chaekieum.circulation.degraded.mode", "BOUNDED");
        }
    }

    @BeforeEach
    void policies() {
        TestHub.reset();
        given().contentType(ContentType.JSON).body("""
                {"loanCap":5,"loanPeriodDays":10,"renewalLimit":0,"renewalDays":7}""")
                .put("/api/v1/operator/libraries/111002/policy").then().statusCode(200);
    }

    @AfterEach
    void hubBackToNormal() {
        TestHub.reset();
    }

    @Test
    void theHubsNationalCapRefusalReachesTheDeskWithThePerLibraryCounts() {
        TestHub.nationalCap(1);
        String member = enroll("111002", Requests.newIdentityKey());
        checkout("111002", member, item("111002"), null).then().statusCode(201);

        checkout("111002", member, item("111002"), null).then().statusCode(409)
                .body("code", equalTo("NATIONAL_CAP_REACHED"))
                .body("context.nationalCap", equalTo(1))
                .body("context.loansPerLibrary.111002", equalTo(1));
        assertThat(Db.count("select count(*) from loan where member_number = ?1", member)).isEqualTo(1);
    }

    @Test
    void whileTheHubIsAwayTheDegradedRuleLendsABoundedNumberOfMarkedLoans() {
        String member = enroll("111002", Requests.newIdentityKey());
        TestHub.down(true);

        checkout("111002", member, item("111002"), null).then().statusCode(201).body("degraded", equalTo(true));
        checkout("111002", member, item("111002"), null).then().statusCode(201).body("degraded", equalTo(true));
        checkout("111002", member, item("111002"), null).then().statusCode(503)
                .body("code", equalTo("NATIONAL_CAP_UNVERIFIABLE"))
                .body("context.degradedAllowance", equalTo(2));
        assertThat(Db.count("select count(*) from loan where member_number = ?1 and degraded", member)).isEqualTo(2);
    }
}
