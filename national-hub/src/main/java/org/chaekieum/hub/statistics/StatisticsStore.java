package org.chaekieum.hub.statistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.chaekieum.hub.statistics.StatisticsRules.Borrower;
import org.chaekieum.hub.statistics.StatisticsRules.Count;
import org.chaekieum.hub.statistics.StatisticsRules.Counted;

/**
 * The write side of the daily statistics ({@code statistics} schema, see V10__daily_statistics.sql). Plain JDBC on
 * the transaction's connection: a batch of events is three statements with array parameters (ids counted, borrowers
 * added, figures added), which JPA cannot express.
 *
 * <p><b>Idempotency.</b> The figures of a batch, the member numbers of its borrowers and the ids of its events commit
 * in ONE transaction ({@link #count}): an event whose id is already recorded (a redelivery, a second copy on the
 * topic) adds nothing, and a batch that fails adds nothing at all and is read again.
 *
 * <p><b>Generations.</b> The figures come from one reading of the topic, a generation, read by a consumer group of its
 * own. A rebuild ({@link #rebuild}) starts the next generation in the same transaction that deletes the figures it will
 * count again; every batch first takes a share lock on the generation row and writes nothing if its generation is no
 * longer the current one. So a batch of the previous reading either committed before the rebuild (and its figures of
 * the rebuilt days are deleted with the others) or writes nothing, on any replica.
 */
@ApplicationScoped
public class StatisticsStore {

    @Inject
    DataSource dataSource;

    /** The current reading of the topic. */
    public record Generation(long number, LocalDate rebuildFrom, Instant readFrom, Instant requestedAt,
                             String requestedBy) {
    }

    @Transactional
    public Generation generation() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select generation, rebuild_from, read_from, requested_at, requested_by from statistics.generation "
                        + "where id = 1")) {
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("statistics.generation has no row");
                }
                return generation(r);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Counts the events of one batch as generation {@code generation}: those not counted before add their figures.
     *
     * @return how many events were counted, or empty when {@code generation} is no longer the current one (nothing
     *         written: the reader must move on to the current generation)
     */
    @Transactional
    public OptionalInt count(long generation, List<Counted> events, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            Generation current;
            try (PreparedStatement s = c.prepareStatement("select generation, rebuild_from, read_from, requested_at, "
                    + "requested_by from statistics.generation where id = 1 for share");
                 ResultSet r = s.executeQuery()) {
                r.next();
                current = generation(r);
            }
            if (current.number() != generation) {
                return OptionalInt.empty();
            }
            Map<String, Counted> candidates = new LinkedHashMap<>();
            events.forEach(e -> candidates.putIfAbsent(e.eventId(), e));
            if (current.rebuildFrom() != null) {
                // Before the rebuilt days the figures were kept: an event an earlier reading counted stays counted.
                List<String> older = candidates.values().stream()
                        .filter(e -> e.day().isBefore(current.rebuildFrom())).map(Counted::eventId).toList();
                candidates.keySet().removeAll(countedBefore(c, older));
            }
            Set<String> fresh = record(c, generation, candidates.keySet(), now);
            List<Counted> counted = candidates.values().stream().filter(e -> fresh.contains(e.eventId())).toList();
            if (counted.isEmpty()) {
                return OptionalInt.of(0);
            }
            DailyTally tally = new DailyTally();
            for (Counted event : counted) {
                for (Count count : event.counts()) {
                    tally.add(event.day(), count.library(), count.region(), count.measure());
                }
            }
            addBorrowers(c, counted, tally, now);
            write(c, "library_day", "library_code", tally.rows());
            write(c, "region_day", "region", tally.regions());
            return OptionalInt.of(counted.size());
        } catch (SQLException e) {
            throw new IllegalStateException("statistics batch not written: " + e.getMessage(), e);
        }
    }

    /**
     * Starts the generation after {@code current}: from {@code from} on, the figures (and the day's borrowers) are
     * deleted, to be counted again by the new generation's consumer group from {@code readFrom} on (null: the topic's
     * beginning).
     *
     * @return the new generation, or empty when {@code current} is no longer the current one (another rebuild came
     *         first; nothing changed)
     */
    @Transactional
    public Optional<Generation> rebuild(long current, LocalDate from, Instant readFrom, String requestedBy,
                                        Instant now) {
        try (Connection c = dataSource.getConnection()) {
            Generation next;
            try (PreparedStatement s = c.prepareStatement("update statistics.generation set generation = generation "
                    + "+ 1, rebuild_from = ?, read_from = ?, requested_at = ?, requested_by = ? "
                    + "where id = 1 and generation = ? "
                    + "returning generation, rebuild_from, read_from, requested_at, requested_by")) {
                s.setObject(1, from);
                s.setTimestamp(2, readFrom == null ? null : Timestamp.from(readFrom));
                s.setTimestamp(3, Timestamp.from(now));
                s.setString(4, requestedBy);
                s.setLong(5, current);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    next = generation(r);
                }
            }
            for (String table : List.of("statistics.library_day", "statistics.region_day",
                    "statistics.library_day_borrower")) {
                try (PreparedStatement s = c.prepareStatement("delete from " + table + " where day >= ?")) {
                    s.setObject(1, from);
                    s.executeUpdate();
                }
            }
            return Optional.of(next);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lending library of a loan in the national ledger (for renewals announced without it). */
    @Transactional
    public Optional<String> libraryOfLoan(String loanId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select library_code from national_loan where loan_id = ?")) {
            s.setString(1, loanId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1).trim()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Deletes, in batches of {@code batch} rows (one transaction each), what is older than the cutoffs: the member
     * numbers of borrowers written before {@code borrowersBefore}, the ids of events counted before
     * {@code countedBefore}.
     *
     * @return rows deleted: borrowers, event ids
     */
    public long[] deleteOlderThan(Instant borrowersBefore, Instant countedBefore, int batch) {
        long borrowers = deleteInBatches("delete from statistics.library_day_borrower where ctid = any(array("
                + "select ctid from statistics.library_day_borrower where counted_at < ? limit " + batch + "))",
                borrowersBefore, batch);
        long events = deleteInBatches("delete from statistics.counted_event where ctid = any(array("
                + "select ctid from statistics.counted_event where counted_at < ? limit " + batch + "))",
                countedBefore, batch);
        return new long[] {borrowers, events};
    }

    private long deleteInBatches(String sql, Instant cutoff, int batch) {
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                    s.setTimestamp(1, Timestamp.from(cutoff));
                    return s.executeUpdate();
                }
            });
            total += deleted;
        } while (deleted == batch);
        return total;
    }

    /** The ids among these that any generation has counted. */
    private static Set<String> countedBefore(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Set.of();
        }
        try (PreparedStatement s = c.prepareStatement(
                "select distinct event_id from statistics.counted_event where event_id = any(?)")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            return strings(s);
        }
    }

    /** Records the ids as counted by this generation; answers those it had not counted yet. */
    private static Set<String> record(Connection c, long generation, Set<String> ids, Instant now)
            throws SQLException {
        if (ids.isEmpty()) {
            return Set.of();
        }
        try (PreparedStatement s = c.prepareStatement("insert into statistics.counted_event (event_id, generation, "
                + "counted_at) select id, ?, ? from unnest(?::text[]) as t(id) on conflict do nothing "
                + "returning event_id")) {
            s.setLong(1, generation);
            s.setTimestamp(2, Timestamp.from(now));
            s.setArray(3, c.createArrayOf("text", ids.toArray()));
            return strings(s);
        }
    }

    /** Adds each member who borrowed at a library on a day for the first time to the tally's borrowers. */
    private static void addBorrowers(Connection c, List<Counted> counted, DailyTally tally, Instant now)
            throws SQLException {
        Map<String, Borrower> byKey = new HashMap<>();
        Map<String, LocalDate> days = new HashMap<>();
        for (Counted event : counted) {
            Borrower b = event.borrower();
            if (b != null) {
                String key = event.day() + "|" + b.library() + "|" + b.memberNumber();
                byKey.putIfAbsent(key, b);
                days.putIfAbsent(key, event.day());
            }
        }
        if (byKey.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(byKey.keySet());
        String[] dayTexts = keys.stream().map(k -> days.get(k).toString()).toArray(String[]::new);
        String[] libraries = keys.stream().map(k -> byKey.get(k).library()).toArray(String[]::new);
        String[] members = keys.stream().map(k -> byKey.get(k).memberNumber()).toArray(String[]::new);
        try (PreparedStatement s = c.prepareStatement("insert into statistics.library_day_borrower (day, library_code, "
                + "member_number, counted_at) select d, l, m, ? from unnest(?::date[], ?::text[], ?::text[]) "
                + "as t(d, l, m) on conflict do nothing returning day, library_code, member_number")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setArray(2, c.createArrayOf("text", dayTexts));
            s.setArray(3, c.createArrayOf("text", libraries));
            s.setArray(4, c.createArrayOf("text", members));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    LocalDate day = r.getObject(1, LocalDate.class);
                    String library = r.getString(2).trim();
                    Borrower b = byKey.get(day + "|" + library + "|" + r.getString(3).trim());
                    tally.add(day, library, b == null ? StatisticsRules.UNKNOWN_REGION : b.region(),
                            Measure.BORROWERS);
                }
            }
        }
    }

    /**
     * Adds rows to the figures of a table, in the given order: per library ({@code library_day}, keyed by day and
     * library, the region as the first event placed it) or per region ({@code region_day}, keyed by day and region).
     */
    private static void write(Connection c, String table, String key, List<DailyTally.Row> rows)
            throws SQLException {
        boolean byLibrary = key.equals("library_code");
        Measure[] measures = Measure.values();
        String columns = Arrays.stream(measures).map(Measure::column).collect(Collectors.joining(", "));
        String arrays = Arrays.stream(measures).map(m -> "?::int[]").collect(Collectors.joining(", "));
        String updates = Arrays.stream(measures).map(m -> m.column() + " = s." + m.column() + " + excluded."
                + m.column()).collect(Collectors.joining(", "));
        String sql = "insert into statistics." + table + " as s (day, " + (byLibrary ? "library_code, region, "
                : "region, ") + columns + ") select * from unnest(?::date[], ?::text[], " + (byLibrary ? "?::text[], "
                : "") + arrays + ") order by 1, 2 on conflict (day, " + key + ") do update set " + updates;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int p = 1;
            s.setArray(p++, c.createArrayOf("text", rows.stream().map(r -> r.day().toString()).toArray()));
            s.setArray(p++, c.createArrayOf("text", rows.stream().map(DailyTally.Row::library).toArray()));
            if (byLibrary) {
                s.setArray(p++, c.createArrayOf("text", rows.stream().map(DailyTally.Row::region).toArray()));
            }
            for (Measure m : measures) {
                Array values = c.createArrayOf("int4", rows.stream().map(r -> r.values()[m.ordinal()]).toArray());
                s.setArray(p++, values);
            }
            s.executeUpdate();
        }
    }

    private static Set<String> strings(PreparedStatement s) throws SQLException {
        Set<String> values = new HashSet<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    private static Generation generation(ResultSet r) throws SQLException {
        Timestamp readFrom = r.getTimestamp(3);
        Timestamp requestedAt = r.getTimestamp(4);
        return new Generation(r.getLong(1), r.getObject(2, LocalDate.class),
                readFrom == null ? null : readFrom.toInstant(), requestedAt == null ? null : requestedAt.toInstant(),
                r.getString(5));
    }
}
