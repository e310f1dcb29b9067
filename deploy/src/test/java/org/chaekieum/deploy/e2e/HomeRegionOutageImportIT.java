package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.Response;
import java.time.Duration;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.deploy.Federation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A library keeps importing members while the member's home regional center is down: the member is registered
 * provisionally under the same number, and the profile is completed once the home region answers again.
 */
@ExtendWith(FederationExtension.class)
class HomeRegionOutageImportIT {

    private static final String HOME_LIBRARY = "111001";
    private static final String IMPORTING_LIBRARY = "141001";

    @Test
    void importWhileTheHomeRegionIsDownIsProvisionalAndCompletedWhenItReturns(Federation federation) {
        EnrollmentRequest person = Library.adult();
        String memberNumber = Library.enrollAndAwaitHub(federation, HOME_LIBRARY, person);

        // Closing the outage starts Seoul again and waits until it is ready, whatever happens in between.
        try (Federation.RegionOutage outage = federation.regionOutage(SEOUL)) {
            assertThat(federation.region(SEOUL).isRunning()).as("seoul stopped").isFalse();
            Response imported = Library.importMember(federation, IMPORTING_LIBRARY, memberNumber,
                    Library.importWithConsent(person.identityKey()));
            assertThat(imported.statusCode()).as("import at %s while seoul is down: %s", IMPORTING_LIBRARY,
                    imported.asString()).isEqualTo(201);
            imported.then()
                    .body("memberNumber", equalTo(memberNumber))
                    .body("status", equalTo("PROVISIONAL"))
                    .body("name", nullValue());

            Library.member(federation, IMPORTING_LIBRARY, memberNumber).then()
                    .statusCode(200)
                    .body("memberNumber", equalTo(memberNumber))
                    .body("status", equalTo("PROVISIONAL"));
        }
        assertThat(federation.region(SEOUL).isRunning()).as("seoul running again").isTrue();

        await("the provisional member " + memberNumber + " at " + IMPORTING_LIBRARY + " is completed")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> Library.member(federation, IMPORTING_LIBRARY, memberNumber).then()
                        .statusCode(200)
                        .body("memberNumber", equalTo(memberNumber))
                        .body("status", equalTo("NORMAL"))
                        .body("name", equalTo(person.name()))
                        .body("phone", equalTo(person.phone())));
    }
}
