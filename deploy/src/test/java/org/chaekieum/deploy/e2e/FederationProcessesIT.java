package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.Ports;
import org.chaekieum.deploy.ServiceProcess;
import org.chaekieum.deploy.Sip2Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The packaged services and the SIP2 gateway run as separate processes and answer the operational endpoints. */
@ExtendWith(FederationExtension.class)
class FederationProcessesIT {

    @Test
    void federationProcessesAreReachable(Federation federation) {
        assertThat(federation.services()).extracting(ServiceProcess::name)
                .containsExactly(Federation.HUB, "regional-center-" + FederationExtension.SEOUL,
                        "regional-center-" + FederationExtension.GYEONGGI);
        assertThat(federation.kafka().isRunning()).isTrue();
        assertThat(Ports.accepts(federation.kafka().port())).isTrue();
        assertThat(federation.gateway().isRunning()).as("the SIP2 gateway is running").isTrue();
        assertThat(federation.gateway().status("/q/health/ready")).as("the SIP2 gateway is ready").isEqualTo(200);
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

    @Test
    void theSip2GatewayIsReadyOnEveryRegionAndItsKiosksLogIn(Federation federation) throws Exception {
        Sip2Gateway gateway = federation.gateway();
        assertThat(gateway.isRunning()).isTrue();
        assertThat(gateway.process().name()).isEqualTo(Federation.GATEWAY);
        given().baseUri(gateway.baseUrl()).get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
        given().baseUri(gateway.baseUrl()).get("/q/health/live").then().statusCode(200);
        assertThat(Ports.accepts(gateway.sip2Port())).as("SIP2 port %d accepts", gateway.sip2Port()).isTrue();
        for (Federation.Region region : federation.settings().regions()) {
            assertThat(gateway.process().properties())
                    .containsEntry(Federation.gatewayRegionUrlProperty(region.id()),
                            federation.region(region.id()).baseUrl())
                    .containsEntry(Federation.gatewayRegionLibrariesProperty(region.id()),
                            String.join(",", region.libraries()));
        }
        // /q/health/well is UP only when every regional center answers the gateway.
        await("the gateway reaches every regional center").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().baseUri(gateway.baseUrl()).get("/q/health/well").then().statusCode(200));

        assertThat(gateway.kiosks()).extracting(Federation.Kiosk::login)
                .contains("kiosk-111001", "kiosk-141001", "kiosk-111001-euckr", "kiosk-141002-checkin");
        for (Federation.Kiosk kiosk : gateway.kiosks()) {
            assertThat(gateway.password(kiosk.login())).matches("[A-Za-z0-9_-]{24}");
            try (Sip2Gateway.Connection connection = gateway.connect(kiosk.login())) {
                assertThat(connection.loginAnswer()).as("login of %s", kiosk.login()).startsWith("941");
            }
        }
        try (Sip2Gateway.Connection connection = gateway.connect("kiosk-111001", "not-the-password")) {
            assertThat(connection.loginAnswer()).startsWith("940");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gateway.accountsFile())))
                .isEqualTo("rw-------");
        assertThat(Files.readString(gateway.accountsFile())).doesNotContain(gateway.password("kiosk-111001"));
    }

    @Test
    void aKioskChecksOutThroughTheGateway(Federation federation) {
        String library = FederationExtension.SEOUL_LIBRARIES.get(0);
        String memberNumber = Library.enrollAndAwaitHub(federation, library, Library.adult());
        String item = Circulation.newItem(library);
        try (Sip2Gateway.Connection kiosk = federation.gateway().connect("kiosk-" + library)) {
            assertThat(kiosk.loggedIn()).isTrue();
            String answer = kiosk.send(Sip2Gateway.checkoutMessage(library, memberNumber, item));
            assertThat(answer).as("checkout answer").startsWith("121").contains("AB" + item + "|");
        }
    }

    @Test
    void aStoppedOrKilledGatewayStartsAgainWithItsPortsAndPasswords(Federation federation) {
        Sip2Gateway gateway = federation.gateway();
        int sip2Port = gateway.sip2Port();
        String password = gateway.password("kiosk-141001");

        try {
            federation.stopGateway();
            assertThat(gateway.isRunning()).isFalse();
            assertThat(Ports.accepts(sip2Port)).isFalse();
            federation.startGateway();
            assertThat(gateway.sip2Port()).isEqualTo(sip2Port);
            assertThat(gateway.password("kiosk-141001")).isEqualTo(password);

            federation.killGateway();
            assertThat(gateway.isRunning()).isFalse();
            assertThat(federation.startStopped()).containsExactly(Federation.GATEWAY);
        } finally {
            // Running again for the next test, whichever step failed (nothing to do when all went well).
            federation.startGateway();
        }
        assertThat(gateway.status("/q/health/ready")).isEqualTo(200);
        try (Sip2Gateway.Connection connection = gateway.connect("kiosk-141001")) {
            assertThat(connection.loggedIn()).isTrue();
        }
    }
}
