package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.restassured.response.Response;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.Ports;
import org.chaekieum.deploy.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The packaged services run as separate processes and answer the operational endpoints. */
@ExtendWith(FederationExtension.class)
class FederationProcessesTest {

    @Test
    void federationProcessesAreReachable(Federation federation) {
        assertThat(federation.services()).extracting(ServiceProcess::name)
                .containsExactly(Federation.HUB, "regional-center-" + FederationExtension.SEOUL,
                        "regional-center-" + FederationExtension.GYEONGGI);
        assertThat(federation.kafka().isRunning()).isTrue();
        assertThat(Ports.accepts(federation.kafka().port())).isTrue();
        for (ServiceProcess service : federation.services()) {
            assertThat(service.isRunning()).as("%s is running", service).isTrue();
            given().baseUri(service.baseUrl())
                    .get("/q/health/ready")
                    .then().statusCode(200)
                    .body(containsString("UP"));
            given().baseUri(service.baseUrl())
                    .get("/q/openapi")
                    .then().statusCode(200)
                    .body(containsString("openapi"));
        }
    }

    @Test
    void theHubIsToldTheUrlOfEveryRegionalCenter(Federation federation) {
        for (Federation.Region region : federation.settings().regions()) {
            assertThat(federation.hub().properties())
                    .containsEntry("chaekieum.hub.regions.\"" + region.id() + "\".url",
                            federation.region(region.id()).baseUrl());
        }
    }

    @Test
    void aStoppedRegionalCenterStartsAgainWithItsPortAndData(Federation federation) {
        String library = FederationExtension.GYEONGGI_LIBRARIES.get(0);
        Response enrolled = Library.enroll(federation, library, Library.adult());
        enrolled.then().statusCode(201);
        String memberNumber = enrolled.jsonPath().getString("memberNumber");
        ServiceProcess gyeonggi = federation.region(FederationExtension.GYEONGGI);

        try (Federation.RegionOutage outage = federation.regionOutage(FederationExtension.GYEONGGI)) {
            assertThat(gyeonggi.isRunning()).isFalse();
            assertThat(gyeonggi.status("/q/health/ready")).as("gyeonggi answers while stopped").isEqualTo(-1);
            assertThat(federation.region(FederationExtension.SEOUL).status("/q/health/ready")).isEqualTo(200);
        }

        assertThat(gyeonggi.isRunning()).isTrue();
        assertThat(gyeonggi.status("/q/health/ready")).isEqualTo(200);
        Library.member(federation, library, memberNumber).then().statusCode(200);
    }
}
