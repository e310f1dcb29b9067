package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Libraries keep enrolling while Kafka is down; once it is back, the hub learns of every enrollment exactly once
 * (outbox on the regional side, idempotent consumer on the hub side).
 */
@ExtendWith(FederationExtension.class)
class BrokerOutageTest {

    /** The hub's registry of unified member numbers. Adjust here if the hub's schema names it differently. */
    static final String NATIONAL_MEMBER_TABLE = "national_member";
    static final String NATIONAL_MEMBER_NUMBER_COLUMN = "member_number";
    /** The hub's record of consumed event ids (idempotent consumer). */
    static final String PROCESSED_EVENT_TABLE = "processed_event";
    static final String PROCESSED_EVENT_ID_COLUMN = "event_id";

    private static final List<String> LIBRARIES = List.of("111001", "141001", "111002", "141002");
    private static final int ENROLLMENTS = 10;

    @Test
    void enrollmentsDuringABrokerOutageReachTheHubExactlyOnceAfterItReturns(Federation federation) throws Exception {
        long processedBefore = count(federation, PROCESSED_EVENT_TABLE);
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

        Map<String, Long> rowsPerNumber = rowsPerMemberNumber(federation, memberNumbers);
        Map<String, Long> once = new LinkedHashMap<>();
        memberNumbers.forEach(number -> once.put(number, 1L));
        assertThat(rowsPerNumber).as("rows per member number in %s", NATIONAL_MEMBER_TABLE)
                .containsExactlyInAnyOrderEntriesOf(once);

        assertThat(duplicateProcessedEventIds(federation)).as("event ids processed more than once").isEmpty();
        assertThat(count(federation, PROCESSED_EVENT_TABLE) - processedBefore)
                .as("events processed by the hub since the outage began").isGreaterThanOrEqualTo(ENROLLMENTS);
    }

    private static Map<String, Long> rowsPerMemberNumber(Federation federation, List<String> numbers)
            throws SQLException {
        String sql = "SELECT " + NATIONAL_MEMBER_NUMBER_COLUMN + ", COUNT(*) FROM " + NATIONAL_MEMBER_TABLE
                + " WHERE " + NATIONAL_MEMBER_NUMBER_COLUMN + " = ANY (?) GROUP BY " + NATIONAL_MEMBER_NUMBER_COLUMN;
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = federation.postgres().connect(LocalPostgres.HUB_DATABASE);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("varchar", numbers.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getLong(2));
                }
            }
        }
        return rows;
    }

    private static List<String> duplicateProcessedEventIds(Federation federation) throws SQLException {
        String sql = "SELECT " + PROCESSED_EVENT_ID_COLUMN + " FROM " + PROCESSED_EVENT_TABLE + " GROUP BY "
                + PROCESSED_EVENT_ID_COLUMN + " HAVING COUNT(*) > 1";
        List<String> duplicates = new ArrayList<>();
        try (Connection connection = federation.postgres().connect(LocalPostgres.HUB_DATABASE);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                duplicates.add(result.getString(1));
            }
        }
        return duplicates;
    }

    private static long count(Federation federation, String table) throws SQLException {
        try (Connection connection = federation.postgres().connect(LocalPostgres.HUB_DATABASE);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }
}
