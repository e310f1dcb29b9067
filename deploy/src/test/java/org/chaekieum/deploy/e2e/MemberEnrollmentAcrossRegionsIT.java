package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import java.time.Duration;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.deploy.Federation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One person, one unified member number nationwide: the hub learns of an enrollment and other regions honour it. */
@ExtendWith(FederationExtension.class)
class MemberEnrollmentAcrossRegionsIT {

    private static final String SEOUL_LIBRARY = "111001";
    private static final String GYEONGGI_LIBRARY = "141001";

    @Test
    void enrolledMemberReachesTheHubAndTheSameIdentityIsRefusedInTheOtherRegion(Federation federation) {
        EnrollmentRequest person = Library.adult();

        Response enrolled = Library.enroll(federation, SEOUL_LIBRARY, person);
        enrolled.then().statusCode(201);
        String memberNumber = enrolled.jsonPath().getString("memberNumber");
        assertThat(memberNumber).matches("\\d{14}").startsWith(SEOUL_LIBRARY);
        assertThat(enrolled.jsonPath().getString("status")).isEqualTo("NORMAL");

        await("the hub serves " + memberNumber).atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> Library.nationalMember(federation, memberNumber).then()
                        .statusCode(200)
                        .body("memberNumber", equalTo(memberNumber))
                        .body("issuingLibrary", equalTo(SEOUL_LIBRARY))
                        .body("region", equalTo(FederationExtension.SEOUL)));

        Library.member(federation, SEOUL_LIBRARY, memberNumber).then()
                .statusCode(200)
                .body("memberNumber", equalTo(memberNumber))
                .body("name", equalTo(person.name()));

        Response refused = Library.enroll(federation, GYEONGGI_LIBRARY,
                Library.adultWithIdentity(person.identityKey()));
        refused.then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("IDENTITY_ALREADY_ENROLLED"))
                .body("context.existingMemberNumber", equalTo(memberNumber));
    }
}
