package org.chaekieum.hub.statistics;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures a batch of events adds, summed per library and day before they are written: one row written per library
 * and day however many events, and rows always written in the same order (libraries by day and code, then regions by
 * day and id), so that two replicas writing overlapping rows wait for each other instead of deadlocking.
 */
final class DailyTally {

    /** One library's day: its region (as the first event placed it) and one value per {@link Measure}. */
    record Row(LocalDate day, String library, String region, int[] values) {
    }

    private record Key(LocalDate day, String library) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::day).thenComparing(Key::library);

    private final Map<Key, Row> rows = new TreeMap<>(ORDER);

    void add(LocalDate day, String library, String region, Measure measure) {
        rows.computeIfAbsent(new Key(day, library), k -> new Row(day, library, region,
                new int[Measure.values().length])).values()[measure.ordinal()]++;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The rows in write order. */
    List<Row> rows() {
        return List.copyOf(rows.values());
    }

    /** The same figures summed per region and day (the library field holds the region), in write order. */
    List<Row> regions() {
        Map<Key, Row> byRegion = new TreeMap<>(ORDER);
        for (Row row : rows.values()) {
            int[] sum = byRegion.computeIfAbsent(new Key(row.day(), row.region()), k -> new Row(row.day(),
                    row.region(), row.region(), new int[Measure.values().length])).values();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += row.values()[i];
            }
        }
        return List.copyOf(byRegion.values());
    }
}
