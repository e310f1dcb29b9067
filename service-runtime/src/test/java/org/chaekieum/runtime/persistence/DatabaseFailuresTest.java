package org.chaekieum.runtime.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class DatabaseFailuresTest {

    @Test
    void theHubsDatabaseBeingAwayIsNoReasonToDeadLetterAnEvent() {
        assertThat(DatabaseFailures.isDatabaseUnavailable(new RuntimeException("tx failed",
                new SQLTransientConnectionException("connection refused")))).isTrue();
        assertThat(DatabaseFailures.isDatabaseUnavailable(new IllegalStateException(
                new SQLException("Acquisition timeout while waiting for new connection")))).isTrue();
        assertThat(DatabaseFailures.isDatabaseUnavailable(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(DatabaseFailures.isDatabaseUnavailable(new SQLException("I/O error", "08006"))).isTrue();
    }

    @Test
    void anEventTheDatabaseRefusesIsTheEventsProblem() {
        assertThat(DatabaseFailures.isDatabaseUnavailable(new SQLException("value too long", "22001"))).isFalse();
        assertThat(DatabaseFailures.isDatabaseUnavailable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseFailures.isDatabaseUnavailable(new IllegalArgumentException("bad payload"))).isFalse();
    }

    @Test
    void aViolatedConstraintIsKnownByTheNameTheDatabaseReportsNotByTheMessage() {
        PSQLException unique = new PSQLException(new ServerErrorMessage(
                "SERROR\u0000C23505\u0000Mduplicate key value violates unique constraint \"loan_item_on_loan\"\u0000"
                        + "nloan_item_on_loan\u0000"));
        RuntimeException wrapped = new RuntimeException("commit failed", new ConstraintViolationException(
                "could not execute statement", new SQLException("x", "23505"), "loan_item_on_loan"));
        assertThat(DatabaseFailures.violates(new IllegalStateException(unique), "loan_item_on_loan")).isTrue();
        assertThat(DatabaseFailures.violates(wrapped, "LOAN_ITEM_ON_LOAN")).isTrue();
        assertThat(DatabaseFailures.violates(unique, "loan_item")).as("a prefix is another constraint").isFalse();
        // A message that names the constraint, without the database saying it was violated, is not a violation.
        assertThat(DatabaseFailures.violates(new SQLException("loan_item_on_loan is slow today", "57014"),
                "loan_item_on_loan")).isFalse();
        PSQLException timeout = new PSQLException(new ServerErrorMessage(
                "SERROR\u0000C57014\u0000Mcanceling statement\u0000nloan_item_on_loan\u0000"));
        assertThat(DatabaseFailures.violates(timeout, "loan_item_on_loan")).isFalse();
    }
}
