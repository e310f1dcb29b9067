package org.chaekieum.hub.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.dashboard.Overview.LibraryToday;
import org.chaekieum.hub.dashboard.Overview.Point;
import org.chaekieum.hub.dashboard.Overview.Refusals;
import org.chaekieum.hub.dashboard.Overview.Series;
import org.chaekieum.hub.dashboard.Overview.Today;
import org.chaekieum.hub.statistics.Measure;
import org.chaekieum.hub.statistics.StatisticsConfig;
import org.chaekieum.hub.statistics.StatisticsQueries;
import org.chaekieum.hub.statistics.StatisticsQueries.Figures;
import org.chaekieum.hub.statistics.StatisticsQuery;
import org.chaekieum.hub.statistics.StatisticsQuery.GroupBy;
import org.chaekieum.hub.statistics.StatisticsQuery.Interval;
import org.chaekieum.hub.statistics.StatisticsRules;

/**
 * The dashboard's figures per Korean day, from the daily statistics ({@link StatisticsQueries}): the nation and a
 * region from {@code statistics.region_day}, a library and a region's list of libraries from
 * {@code statistics.library_day}. They are counted from the regions' events (each once), so they hold what the hub's
 * ledger never sees (imports, every refusal by reason) and follow the statistics' meaning of each figure (see
 * {@link Measure} and {@link StatisticsRules}): a return counts at the library that lent the item, and a return at
 * another library also counts, as a return elsewhere, at the library that took it in.
 */
@ApplicationScoped
public class StatisticsFigureQueries {

    private static final int MEASURES = Measure.values().length;

    @Inject
    StatisticsQueries statistics;

    @Inject
    StatisticsConfig config;

    @Inject
    HubConfig hubConfig;

    /** The scope's figures of each day from {@code from} to {@code to} (days without activity absent). */
    public Map<LocalDate, long[]> perDay(Scope scope, LocalDate from, LocalDate to) {
        String region = scope.level() == Scope.Level.REGION ? scope.id() : null;
        String library = scope.level() == Scope.Level.LIBRARY ? scope.id() : null;
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (Figures row : figures(from, to, GroupBy.REGION, region, library)) {
            add(days.computeIfAbsent(LocalDate.parse(row.period()), d -> new long[MEASURES]), row);
        }
        return days;
    }

    /** The scope's figures of one day (zero when nothing happened). */
    public long[] day(Scope scope, LocalDate day) {
        return perDay(scope, day, day).getOrDefault(day, new long[MEASURES]);
    }

    /** The day's counts of every configured region (zero when it had none) and of any other region counted. */
    public Map<String, Today> todayByRegion(LocalDate day) {
        Map<String, Today> today = new TreeMap<>();
        hubConfig.regions().keySet().forEach(region -> today.put(region, today(new long[MEASURES])));
        for (Figures row : figures(day, day, GroupBy.REGION, null, null)) {
            long[] values = new long[MEASURES];
            add(values, row);
            today.put(row.region(), today(values));
        }
        return today;
    }

    /**
     * The libraries of a region with any figure yesterday or today (its last two days of rows), with their counts of
     * {@code day}, by library code.
     */
    public List<LibraryToday> librariesOf(String region, LocalDate day) {
        Map<String, long[]> byLibrary = new TreeMap<>();
        for (Figures row : figures(day.minusDays(1), day, GroupBy.LIBRARY, region, null)) {
            long[] values = byLibrary.computeIfAbsent(row.library(), l -> new long[MEASURES]);
            if (row.period().equals(day.toString())) {
                add(values, row);
            }
        }
        List<LibraryToday> libraries = new ArrayList<>(byLibrary.size());
        byLibrary.forEach((code, v) -> libraries.add(new LibraryToday(code, region, v[Measure.CHECKOUTS.ordinal()],
                v[Measure.RETURNS.ordinal()], v[Measure.RETURNS_ELSEWHERE.ordinal()],
                v[Measure.ENROLLMENTS.ordinal()])));
        return libraries;
    }

    /** Checkouts, returns and enrollments per day, from {@code from} to {@code to}, every day present. */
    public static Series daily(Map<LocalDate, long[]> perDay, LocalDate from, LocalDate to) {
        List<Point> points = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            long[] v = perDay.getOrDefault(d, new long[MEASURES]);
            points.add(new Point(StatisticsRules.startOfDay(d), v[Measure.CHECKOUTS.ordinal()],
                    v[Measure.RETURNS.ordinal()], v[Measure.ENROLLMENTS.ordinal()]));
        }
        return new Series("day", points);
    }

    /** A day's circulation and membership. */
    public static Today today(long[] v) {
        return new Today(v[Measure.CHECKOUTS.ordinal()], v[Measure.RETURNS.ordinal()],
                v[Measure.RETURNS_ELSEWHERE.ordinal()], v[Measure.ENROLLMENTS.ordinal()],
                v[Measure.IMPORTS.ordinal()]);
    }

    /** A day's refused checkouts by reason, and its loans under the degraded rule. */
    public static Refusals refusals(long[] v) {
        return new Refusals(v[Measure.REFUSED_NATIONAL_CAP.ordinal()], v[Measure.REFUSED_SUSPENDED.ordinal()],
                v[Measure.REFUSED_LIBRARY_CAP.ordinal()], v[Measure.REFUSED_CAP_UNVERIFIABLE.ordinal()],
                v[Measure.REFUSED_OTHER.ordinal()], v[Measure.DEGRADED_CHECKOUTS.ordinal()]);
    }

    private List<Figures> figures(LocalDate from, LocalDate to, GroupBy groupBy, String region, String library) {
        StatisticsQuery query = new StatisticsQuery(from, to, groupBy, Interval.DAY, region, library, null);
        return statistics.figures(query, region, config.query().maxRows());
    }

    private static void add(long[] sum, Figures row) {
        for (Measure m : Measure.values()) {
            sum[m.ordinal()] += row.value(m);
        }
    }
}
