package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

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
}
