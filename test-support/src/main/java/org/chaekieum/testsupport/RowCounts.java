package org.chaekieum.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Row counts of every table of a service's schema, read in one statement over a connection of its own. The table
 * list comes from {@code information_schema}, so a table added by a new migration is counted without anyone listing
 * it.
 */
public final class RowCounts implements AutoCloseable {

    private final Connection db;
    private final String query;

    private RowCounts(Connection db, String query) {
        this.db = db;
        this.query = query;
    }

    /** Counts in the {@code public} schema of the test PostgreSQL ({@link PostgresResource}). */
    public static RowCounts ofTestDatabase() {
        return of(PostgresResource.jdbcUrl(), "postgres", "postgres");
    }

    public static RowCounts of(String jdbcUrl, String user, String password) {
        try {
            Connection db = DriverManager.getConnection(jdbcUrl, user, password);
            List<String> tables = new ArrayList<>();
            try (Statement statement = db.createStatement();
                 ResultSet rows = statement.executeQuery("select table_name from information_schema.tables "
                         + "where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("no tables in the public schema of " + jdbcUrl);
            }
            String query = tables.stream()
                    .map(t -> "(select count(*) from \"" + t.replace("\"", "\"\"") + "\") as \""
                            + t.replace("\"", "\"\"") + "\"")
                    .collect(Collectors.joining(", ", "select ", ""));
            return new RowCounts(db, query);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read row counts: " + e.getMessage(), e);
        }
    }

    /** Table name to row count, in table order. */
    public Map<String, Long> now() {
        try (Statement statement = db.createStatement(); ResultSet row = statement.executeQuery(query)) {
            row.next();
            ResultSetMetaData columns = row.getMetaData();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                counts.put(columns.getColumnLabel(i), row.getLong(i));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read row counts: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until no count has changed for {@code quiet} (background jobs of earlier tests settled), at most
     * {@code atMost}; answers the last counts either way.
     */
    public Map<String, Long> awaitQuiet(Duration quiet, Duration atMost) {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(now());
        AtomicLong stableSince = new AtomicLong(System.nanoTime());
        try {
            Awaitility.await().pollInterval(Duration.ofMillis(100)).atMost(atMost).until(() -> {
                Map<String, Long> current = now();
                if (!current.equals(last.getAndSet(current))) {
                    stableSince.set(System.nanoTime());
                    return false;
                }
                return System.nanoTime() - stableSince.get() >= quiet.toNanos();
            });
        } catch (ConditionTimeoutException e) {
            // still moving: the caller compares against the last counts anyway
        }
        return last.get();
    }

    /** "table: before -> after" for every table whose count differs. */
    public static String difference(Map<String, Long> before, Map<String, Long> after) {
        List<String> changed = new ArrayList<>();
        for (String table : after.keySet()) {
            if (!Objects.equals(before.get(table), after.get(table))) {
                changed.add(table + ": " + before.get(table) + " -> " + after.get(table));
            }
        }
        return String.join(", ", changed);
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // nothing left to do
        }
    }
}
