package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Libraries keep enrolling while Kafka is down; once it is back, the hub learns of every enrollment exactly once
 * (outbox on the regional side, idempotent consumer on the hub side).
 */
@ExtendWith(FederationExtension.class)
class BrokerOutageIT {

    /** Where a region keeps the events it has to publish (transactional outbox). */
    static final String ENROLLED_TYPE = "org.chaekieum.member.enrolled.v1";
    static final String REGISTERED_TYPE = "org.chaekieum.member.registered.v1";

    private static final List<String> LIBRARIES = List.of("111001", "141001", "111002", "141002");
    private static final int ENROLLMENTS = 10;

    @Test
    void enrollmentsDuringABrokerOutageReachTheHubExactlyOnceAfterItReturns(Federation federation) throws Exception {
        List<String> memberNumbers = new ArrayList<>();

        federation.kafka().stop();
        try {
            for (int i = 0; i < ENROLLMENTS; i++) {
                String library = LIBRARIES.get(i % LIBRARIES.size());
                Response enrolled = Library.enroll(federation, library, Library.adult());
                assertThat(enrolled.statusCode()).as("enrollment %d at %s during the outage: %s", i, library,
                        enrolled.asString()).isEqualTo(201);
                String memberNumber = enrolled.jsonPath().getString("memberNumber");
                assertThat(memberNumber).matches("\\d{14}").startsWith(library);
                memberNumbers.add(memberNumber);
            }
        } finally {
            federation.kafka().start();
        }

        await("the hub serves every member enrolled during the outage").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(memberNumbers)
                        .allSatisfy(number -> assertThat(Library.nationalMember(federation, number).statusCode())
                                .as("hub status for %s", number).isEqualTo(200)));

        // Nothing lost, nothing doubled: each enrollment left exactly one event in its region's outbox, now published,
        // and the hub (which may have received a record twice if a relay retried) decided exactly once per member.
        for (String number : memberNumbers) {
            String regionDatabase = LocalPostgres.regionDatabase(regionOf(federation, number.substring(0, 6)));
            await("the region marks the event of " + number + " published").atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(
                            Databases.outboxRows(federation, regionDatabase, number, ENROLLED_TYPE))
                            .as("outbox rows (published) of %s in %s", number, regionDatabase)
                            .containsExactly(true));
            assertThat(Databases.outboxRows(federation, LocalPostgres.HUB_DATABASE, number, REGISTERED_TYPE))
                    .as("national decisions about %s", number).hasSize(1);
        }
    }

    private static String regionOf(Federation federation, String libraryCode) {
        return federation.settings().regions().stream()
                .filter(region -> region.libraries().contains(libraryCode))
                .findFirst().orElseThrow().id();
    }
}
