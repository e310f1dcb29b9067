package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chaekieum.contracts.api.CheckoutRequest;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.KafkaBroker;
import org.chaekieum.deploy.KeycloakServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Security with the real identity provider: Keycloak with the realm of deploy/keycloak, the packaged services as
 * separate processes. A demo library system enrolls and lends with its own client-credentials token; the same token is
 * refused at a library it does not serve; the region reaches the hub with its own service token (the loan is not
 * degraded and the hub's ledger has it), which a library system's token could not have done.
 */
@ExtendWith(FederationExtension.class)
class SecurityAcrossTheFederationIT {

    private static final String ACCEPT = "application/json, application/problem+json";

    @Test
    void aLibrarySystemActsWithItsOwnTokenOnlyAtItsOwnLibraries(Federation federation) {
        KeycloakServer keycloak = federation.keycloak();
        String seoulSystem = keycloak.token("ils-seoul-demo");
        String gyeonggiSystem = keycloak.token("ils-gyeonggi-demo");
        String seoul = federation.region(FederationExtension.SEOUL).baseUrl();
        String gyeonggi = federation.region(FederationExtension.GYEONGGI).baseUrl();

        Response enrolled = as(seoulSystem, seoul).contentType(ContentType.JSON).body(Library.adult())
                .post(Library.MEMBERS, "111001");
        assertThat(enrolled.statusCode()).as(enrolled.asString()).isEqualTo(201);
        String member = enrolled.jsonPath().getString("memberNumber");

        String item = Circulation.newItem("111001");
        Response lent = as(seoulSystem, seoul).contentType(ContentType.JSON)
                .body(new CheckoutRequest(member, item)).post("/api/v1/libraries/{l}/checkouts", "111001");
        assertThat(lent.statusCode()).as(lent.asString()).isEqualTo(201);
        assertThat(lent.jsonPath().getBoolean("degraded")).as("the hub granted the place: %s", lent.asString())
                .isFalse();

        // Seoul's system at a Gyeonggi library, at Gyeonggi's center: refused, nothing enrolled.
        Response elsewhere = as(seoulSystem, gyeonggi).contentType(ContentType.JSON).body(Library.adult())
                .post(Library.MEMBERS, "141001");
        assertThat(elsewhere.statusCode()).as(elsewhere.asString()).isEqualTo(403);
        assertThat(elsewhere.jsonPath().getString("code")).isEqualTo("LIBRARY_NOT_PERMITTED");
        // Gyeonggi's system at Seoul's library: refused too, the item stays on its loan and no second loan is made.
        Response foreign = as(gyeonggiSystem, seoul).contentType(ContentType.JSON)
                .body(new CheckoutRequest(member, Circulation.newItem("111001")))
                .post("/api/v1/libraries/{l}/checkouts", "111001");
        assertThat(foreign.statusCode()).as(foreign.asString()).isEqualTo(403);
        // No token at all: 401 with a problem a librarian can read.
        Response anonymous = given().baseUri(seoul).header("Accept", ACCEPT).header("Authorization", "")
                .get(Library.MEMBER, "111001", member);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.jsonPath().getString("code")).isEqualTo("UNAUTHENTICATED");

        // A library system's token is not a region's: the hub refuses it for reservations.
        Response direct = as(seoulSystem, federation.hub().baseUrl()).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/national/loan-reservations");
        assertThat(direct.statusCode()).as(direct.asString()).isEqualTo(403);
        // The loan reached the hub's ledger: the national monitor sees it.
        String monitor = keycloak.token(KeycloakServer.MONITOR_CLIENT);
        await("the hub's ledger has the loan").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(as(monitor, federation.hub().baseUrl())
                        .get("/api/v1/national/members/{m}/loans", member).asString()).contains(item));
    }

    @Test
    void anOperatorActsOnlyInItsRegionAndTheMonitorOnlyReads(Federation federation) {
        KeycloakServer keycloak = federation.keycloak();
        String seoul = federation.region(FederationExtension.SEOUL).baseUrl();
        Response own = as(keycloak.token("operator-seoul"), seoul).get("/api/v1/operator/libraries/111001/policy");
        assertThat(own.statusCode()).as(own.asString()).isEqualTo(200);
        Response other = as(keycloak.token("operator-gyeonggi"), seoul)
                .get("/api/v1/operator/libraries/111001/policy");
        assertThat(other.statusCode()).as(other.asString()).isEqualTo(403);
        assertThat(other.jsonPath().getString("code")).isEqualTo("REGION_NOT_PERMITTED");
        Response monitorAtRegion = as(keycloak.token(KeycloakServer.MONITOR_CLIENT), seoul)
                .get("/api/v1/operator/libraries/111001/policy");
        assertThat(monitorAtRegion.statusCode()).isEqualTo(403);
        Response ledger = as(keycloak.token(KeycloakServer.MONITOR_CLIENT), federation.hub().baseUrl())
                .get("/api/v1/national/overruns");
        assertThat(ledger.statusCode()).as(ledger.asString()).isEqualTo(200);
    }

    /**
     * Over the real secured broker: Seoul's center's own broker login (the only one that may write Seoul's topic)
     * publishes there a suspension that names Gyeonggi and one of its libraries. The hub dead-letters it, counts it
     * under reason "sender", and nothing changes: no suspension at the hub, none pushed to Gyeonggi, where the member
     * still borrows.
     */
    @Test
    void aRegionsBrokerLoginCannotSpeakForAnotherRegion(Federation federation) throws Exception {
        String library = FederationExtension.GYEONGGI_LIBRARIES.get(0);
        String member = Library.enrollAndAwaitHub(federation, library, Library.adult());
        double before = senderDeadLetters(federation);
        Instant now = Instant.now();
        EventCodec codec = new EventCodec();
        String forged = codec.write(codec.envelope("/chaekieum/regions/" + FederationExtension.SEOUL,
                new MemberSuspended(member, KoreanDay.today().plusDays(30), library, "forged", now,
                        FederationExtension.GYEONGGI), now));
        Map<String, Object> config = new HashMap<>(federation.kafka()
                .clientProperties(KafkaBroker.regionPrincipal(FederationExtension.SEOUL)));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, federation.kafka().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> seoulLogin = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            seoulLogin.send(new ProducerRecord<>(Topics.memberEventsOf(FederationExtension.SEOUL), member, forged))
                    .get(30, TimeUnit.SECONDS);
        }

        await("the hub dead-letters the forged event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(senderDeadLetters(federation)).isEqualTo(before + 1));
        Response running = as(federation.keycloak().token(KeycloakServer.MONITOR_CLIENT), federation.hub().baseUrl())
                .queryParam("limit", 1000).get("/api/v1/national/suspensions");
        assertThat(running.statusCode()).as(running.asString()).isEqualTo(200);
        assertThat(running.asString()).as("the hub's running suspensions").doesNotContain(member);
        Response lent = Circulation.checkout(federation, library, member, Circulation.newItem(library));
        assertThat(lent.statusCode()).as("the member still borrows at %s: %s", library, lent.asString())
                .isEqualTo(201);
    }

    /** The hub's {@code chaekieum_events_dead_lettered_total{reason="sender"}}, from its Prometheus endpoint. */
    private static double senderDeadLetters(Federation federation) {
        String metrics = given().baseUri(federation.hub().baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("chaekieum_events_dead_lettered_total{")
                        && line.contains("reason=\"sender\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static io.restassured.specification.RequestSpecification as(String token, String baseUri) {
        return given().baseUri(baseUri).header("Accept", ACCEPT).header("Authorization", "Bearer " + token);
    }
}
