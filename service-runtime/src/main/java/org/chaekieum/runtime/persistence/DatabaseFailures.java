package org.chaekieum.runtime.persistence;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import org.hibernate.exception.ConstraintViolationException;
import org.postgresql.util.PSQLException;

/**
 * Part of the consumer contract on both sides: tells a failure of the consumer's own database (nothing wrong with the
 * event: apply it later) from an event that cannot be applied (dead-letter it). Only the second kind may go to a
 * dead-letter topic; the first must never, or a valid event is lost to the consumer's own outage. Also tells which
 * constraint a write violated, by the constraint's name as the database reports it (never by the message's text).
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    public static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLNonTransientConnectionException
                    || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true; // connection exception; admin shutdown or crash of the server
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Acquisition timeout") || message.contains("pool is closed")
                    || message.contains("datasource is closed"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure is a write that lost a race with a concurrent one on the same row: an optimistic-lock
     * conflict (JPA {@code OptimisticLockException}, Hibernate {@code StaleStateException}), a serialization failure
     * ({@code 40001}) or a deadlock ({@code 40P01}). Nothing was written; the same request, sent again, decides anew.
     */
    public static boolean isConcurrentChange(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                String name = type.getName();
                if (name.equals("jakarta.persistence.OptimisticLockException")
                        || name.equals("org.hibernate.StaleStateException")) {
                    return true;
                }
            }
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState())
                    || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure is a violation (SQL state class 23: unique, check, foreign key, not null) of the named
     * constraint or unique index, as PostgreSQL names it in its error report (Hibernate's
     * {@code ConstraintViolationException}, or the driver's own exception when the write was plain JDBC).
     */
    public static boolean violates(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException violation && same(violation.getConstraintName(), constraint)) {
                return true;
            }
            if (t instanceof PSQLException postgres && postgres.getSQLState() != null
                    && postgres.getSQLState().startsWith("23") && postgres.getServerErrorMessage() != null
                    && same(postgres.getServerErrorMessage().getConstraint(), constraint)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(String reported, String constraint) {
        if (reported == null) {
            return false;
        }
        String name = reported.startsWith("\"") && reported.endsWith("\"") && reported.length() > 1
                ? reported.substring(1, reported.length() - 1) : reported;
        return name.equalsIgnoreCase(constraint);
    }
}
