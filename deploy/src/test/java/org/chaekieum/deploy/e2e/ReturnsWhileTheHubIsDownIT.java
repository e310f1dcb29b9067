package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.GYEONGGI;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chaekieum.contracts.api.ReturnRequest;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A return the desk was told about is never lost: a book of a Gyeonggi library given back at a Seoul library while the
 * hub is down (killed) is answered 202 and kept; once the hub is back the Gyeonggi loan ends at the time the book was
 * given back, and the member's count at the hub and in both regions is right within seconds.
 */
@ExtendWith(FederationExtension.class)
class ReturnsWhileTheHubIsDownIT {

    private static final String GYEONGGI_LIBRARY = "141001";
    private static final String SEOUL_LIBRARY = "111001";

    @Test
    void aReturnAtAnotherRegionWhileTheHubIsDownEndsTheLoanWhenTheHubIsBack(Federation federation) throws Exception {
        Circulation.Member member = Circulation.memberRegisteredAt(federation, GYEONGGI_LIBRARY, List.of());
        String number = member.memberNumber();
        Circulation.setPolicy(federation, GYEONGGI_LIBRARY, Circulation.policyWithCap(10));
        String first = Circulation.newItem(GYEONGGI_LIBRARY);
        String second = Circulation.newItem(GYEONGGI_LIBRARY);
        String kept = Circulation.newItem(GYEONGGI_LIBRARY);
        String firstLoan = Circulation.lend(federation, GYEONGGI_LIBRARY, number, first);
        String secondLoan = Circulation.lend(federation, GYEONGGI_LIBRARY, number, second);
        Circulation.lend(federation, GYEONGGI_LIBRARY, number, kept);
        await("the hub counts 3 loans of " + number).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Circulation.nationalLoans(federation, number).jsonPath()
                        .getInt("activeLoans")).isEqualTo(3));

        Response firstAnswer;
        Response secondAnswer;
        federation.killHub();
        try {
            firstAnswer = Circulation.returnItem(federation, SEOUL_LIBRARY, first);
            // A kiosk that sends its request again (same Idempotency-Key) and a desk that scans the book again.
            secondAnswer = returnWithKey(federation, second, "kiosk-7-" + second);
            Response retried = returnWithKey(federation, second, "kiosk-7-" + second);
            Response rescanned = Circulation.returnItem(federation, SEOUL_LIBRARY, second);

            for (Response answer : List.of(firstAnswer, secondAnswer, retried, rescanned)) {
                assertThat(answer.statusCode()).as("return at %s while the hub is down: %s", SEOUL_LIBRARY,
                        answer.asString()).isEqualTo(202);
                assertThat(answer.jsonPath().getString("status")).isEqualTo("RETURNED");
                assertThat(answer.jsonPath().getString("returnedAtLibrary")).isEqualTo(SEOUL_LIBRARY);
            }
            assertThat(retried.jsonPath().getString("returnedAt")).isEqualTo(secondAnswer.jsonPath()
                    .getString("returnedAt"));
            assertThat(rescanned.jsonPath().getString("returnedAt")).isEqualTo(secondAnswer.jsonPath()
                    .getString("returnedAt"));
            assertThat(keptReturns(federation, second)).as("returns of %s kept in Seoul", second).isEqualTo(1);
        } finally {
            federation.startHub();
        }
        Instant firstReturnedAt = Instant.parse(firstAnswer.jsonPath().getString("returnedAt"));
        Instant secondReturnedAt = Instant.parse(secondAnswer.jsonPath().getString("returnedAt"));

        await("the kept returns end their loans in Gyeonggi, and the hub counts 1 loan of " + number)
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(returnedAt(federation, firstLoan)).as("loan %s in Gyeonggi", firstLoan)
                            .isEqualTo(firstReturnedAt);
                    assertThat(returnedAt(federation, secondLoan)).as("loan %s in Gyeonggi", secondLoan)
                            .isEqualTo(secondReturnedAt);
                    Response hub = Circulation.nationalLoans(federation, number);
                    assertThat(hub.statusCode()).as("hub loans: %s", hub.asString()).isEqualTo(200);
                    assertThat(hub.jsonPath().getInt("activeLoans")).as("hub loans: %s", hub.asString())
                            .isEqualTo(1);
                    assertThat(Databases.nationalLoanIds(federation, number, "ACTIVE")).hasSize(1);
                    assertThat(Databases.regionActiveLoanIds(federation, GYEONGGI, number)).hasSize(1);
                });
        assertThat(keptReturns(federation, first)).isEqualTo(1);
        assertThat(openKeptReturns(federation, first) + openKeptReturns(federation, second))
                .as("kept returns still waiting").isZero();
        // The member's own desk (Gyeonggi) sees the count; Seoul's library system, where the member is not
        // registered, is not told the member's loans at all.
        Response loans = Circulation.memberLoans(federation, GYEONGGI, number);
        assertThat(loans.statusCode()).as("loans of %s at %s: %s", number, GYEONGGI, loans.asString())
                .isEqualTo(200);
        assertThat(loans.jsonPath().getInt("activeLoans")).isEqualTo(1);
        assertThat(Circulation.memberLoans(federation, SEOUL, number).statusCode()).isEqualTo(404);
    }

    private static Response returnWithKey(Federation federation, String item, String key) {
        return io.restassured.RestAssured.given().baseUri(federation.regionOfLibrary(SEOUL_LIBRARY).baseUrl())
                .header("Accept", Library.ACCEPT).header(Circulation.IDEMPOTENCY_KEY, key)
                .contentType(ContentType.JSON).body(new ReturnRequest(item))
                .post(Circulation.RETURNS, SEOUL_LIBRARY);
    }

    private static Instant returnedAt(Federation federation, String loanId) throws SQLException {
        try (Connection connection = federation.postgres().connect(LocalPostgres.regionDatabase(GYEONGGI));
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT returned_at FROM loan WHERE id = ?::uuid")) {
            statement.setString(1, loanId);
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).as("loan %s in Gyeonggi", loanId).isTrue();
                Timestamp at = result.getTimestamp(1);
                return at == null ? null : at.toInstant();
            }
        }
    }

    private static long keptReturns(Federation federation, String item) throws SQLException {
        return count(federation, "SELECT count(*) FROM pending_return WHERE item_barcode = ?", item);
    }

    private static long openKeptReturns(Federation federation, String item) throws SQLException {
        return count(federation, "SELECT count(*) FROM pending_return WHERE item_barcode = ? AND applied_at IS NULL",
                item);
    }

    private static long count(Federation federation, String sql, String item) throws SQLException {
        try (Connection connection = federation.postgres().connect(LocalPostgres.regionDatabase(SEOUL));
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, item);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
