package org.chaekieum.hub.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.chaekieum.hub.dashboard.Overview.Series;
import org.chaekieum.hub.registry.LibraryRegions;

/**
 * The {@link DashboardFigures} of the hub: today's counts, the refusals by reason, the regions' and libraries' counts
 * and the 90-day series from the daily statistics ({@link StatisticsFigureQueries}); what needs watching and the
 * 48-hour series from the hub's own tables ({@link LedgerFigureQueries}); and what it last learnt about the regions
 * ({@link RegionWatch}). Each scope's figures are computed at most once per {@code chaekieum.dashboard.figures-cache}
 * (the days before today of the daily series once per {@code daily-series-cache}), whoever asks, so a hundred open
 * pages cost what one does.
 */
@ApplicationScoped
public class HubDashboardFigures implements DashboardFigures {

    static final int HOURS = 48;
    static final int DAYS = 90;

    @Inject
    LedgerFigureQueries queries;

    @Inject
    RegionWatch regions;

    @Inject
    StatisticsFigureQueries statistics;

    @Inject
    LibraryRegions libraryRegions;

    @Inject
    DashboardConfig config;

    @Inject
    Clock clock;

    private final Map<String, Cached<Overview>> overviews = new ConcurrentHashMap<>();
    private final Map<String, Cached<Map<LocalDate, long[]>>> dailySeries = new ConcurrentHashMap<>();

    private record Cached<T>(T value, long computedAtNanos) {
        boolean freshFor(Duration duration) {
            return System.nanoTime() - computedAtNanos < duration.toNanos();
        }
    }

    @Override
    public Overview national() {
        return cached(Scope.national());
    }

    @Override
    public Overview region(String regionId) {
        return cached(Scope.region(regionId));
    }

    @Override
    public Overview library(String libraryCode) {
        return cached(Scope.library(libraryCode));
    }

    private Overview cached(Scope scope) {
        return reuse(overviews, scope.key(), config.figuresCache(), () -> compute(scope));
    }

    private Overview compute(Scope scope) {
        Instant now = clock.instant();
        LocalDate day = LocalDate.now(clock);
        Instant start = day.atStartOfDay(clock.getZone()).toInstant();
        String region = switch (scope.level()) {
            case NATIONAL -> null;
            case REGION -> scope.id();
            case LIBRARY -> libraryRegions.regionOf(scope.id()).orElse(null);
        };
        long[] today = statistics.day(scope, day);
        // The days before today change only in a rebuild (or with an event sent days late): reused; today's point is
        // the same row as today's counts.
        LocalDate first = day.minusDays(DAYS - 1L);
        Map<LocalDate, long[]> perDay = new TreeMap<>(reuse(dailySeries, scope.key() + "@" + day,
                config.dailySeriesCache(), () -> statistics.perDay(scope, first, day.minusDays(1))));
        perDay.put(day, today);
        Series daily = StatisticsFigureQueries.daily(perDay, first, day);
        List<RegionStatus> statuses = switch (scope.level()) {
            case NATIONAL -> regions.statuses();
            case REGION, LIBRARY -> region == null ? List.of() : regions.status(region).map(List::of)
                    .orElse(List.of());
        };
        List<Overview.LibraryToday> libraries = scope.level() == Scope.Level.REGION
                ? statistics.librariesOf(scope.id(), day) : List.of();
        Map<String, Overview.Today> byRegion = scope.level() == Scope.Level.NATIONAL
                ? statistics.todayByRegion(day) : Map.of();
        // The per-hour series cannot come from daily figures: it stays a count over the ledger's (and registry's)
        // times of the last 48 hours (LedgerFigureQueries.hourly, through the indexes of V11__dashboard_indexes.sql).
        Series hourly = queries.hourly(scope, now, HOURS);
        return new Overview(scope, now, day, StatisticsFigureQueries.today(today),
                StatisticsFigureQueries.refusals(today), queries.watch(scope, start, day), hourly, daily,
                regions.pipeline(region), statuses, byRegion, libraries);
    }

    /** The cached value while fresh, else computed once (concurrent askers of one key wait for that one computation). */
    private static <T> T reuse(Map<String, Cached<T>> cache, String key, Duration freshFor, Supplier<T> compute) {
        Cached<T> cached = cache.get(key);
        if (cached != null && cached.freshFor(freshFor)) {
            return cached.value();
        }
        synchronized (cache) {
            cached = cache.get(key);
            if (cached != null && cached.freshFor(freshFor)) {
                return cached.value();
            }
            T value = compute.get();
            cache.put(key, new Cached<>(value, System.nanoTime()));
            if (cache.size() > 5_000) {
                cache.entrySet().removeIf(e -> !e.getValue().freshFor(freshFor));
            }
            return value;
        }
    }
}
