package org.chaekieum.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class EventFailuresTest {

    @Test
    void theHubsDatabaseBeingAwayIsNoReasonToDeadLetterAnEvent() {
        assertThat(EventFailures.isDatabaseUnavailable(new RuntimeException("tx failed",
                new SQLTransientConnectionException("connection refused")))).isTrue();
        assertThat(EventFailures.isDatabaseUnavailable(new IllegalStateException(
                new SQLException("Acquisition timeout while waiting for new connection")))).isTrue();
        assertThat(EventFailures.isDatabaseUnavailable(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(EventFailures.isDatabaseUnavailable(new SQLException("I/O error", "08006"))).isTrue();
    }

    @Test
    void anEventTheDatabaseRefusesIsTheEventsProblem() {
        assertThat(EventFailures.isDatabaseUnavailable(new SQLException("value too long", "22001"))).isFalse();
        assertThat(EventFailures.isDatabaseUnavailable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(EventFailures.isDatabaseUnavailable(new IllegalArgumentException("bad payload"))).isFalse();
    }
}
