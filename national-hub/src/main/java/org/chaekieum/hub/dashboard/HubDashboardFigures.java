package org.chaekieum.hub.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.hub.dashboard.Overview.Refusals;
import org.chaekieum.hub.dashboard.Overview.Series;
import org.chaekieum.hub.registry.LibraryRegions;

/**
 * The first {@link DashboardFigures}: what the hub holds ({@link LedgerFigureQueries}), what it refused itself
 * ({@link RefusalTally}) and what it last learnt about the regions ({@link RegionWatch}). Each scope's figures are
 * computed at most once per {@code chaekieum.dashboard.figures-cache} (the daily series once per
 * {@code daily-series-cache}), whoever asks, so a hundred open pages cost what one does.
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
    RefusalTally refusals;

    @Inject
    LibraryRegions libraryRegions;

    @Inject
    DashboardConfig config;

    @Inject
    Clock clock;

    private final Map<String, Cached<Overview>> overviews = new ConcurrentHashMap<>();
    private final Map<String, Cached<Series>> dailySeries = new ConcurrentHashMap<>();

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
        Series daily = reuse(dailySeries, scope.key() + "@" + day, config.dailySeriesCache(),
                () -> queries.daily(scope, day, DAYS));
        Instant since = refusals.countingSince().isAfter(start) ? refusals.countingSince() : start;
        String refusalRegion = scope.level() == Scope.Level.NATIONAL ? null : region;
        boolean perRegion = scope.level() != Scope.Level.LIBRARY;
        Refusals refused = new Refusals(
                perRegion ? refusals.today(day, refusalRegion, ErrorCode.NATIONAL_CAP_REACHED) : null,
                perRegion ? refusals.today(day, refusalRegion, ErrorCode.MEMBER_SUSPENDED) : null,
                null, null, queries.degradedLoans(scope, start), since);
        List<RegionStatus> statuses = switch (scope.level()) {
            case NATIONAL -> regions.statuses();
            case REGION, LIBRARY -> region == null ? List.of() : regions.status(region).map(List::of)
                    .orElse(List.of());
        };
        List<Overview.LibraryToday> libraries = scope.level() == Scope.Level.REGION
                ? queries.librariesOf(scope.id(), now.minus(HOURS, ChronoUnit.HOURS), start) : List.of();
        Map<String, Overview.Today> byRegion = scope.level() == Scope.Level.NATIONAL
                ? queries.todayByRegion(start) : Map.of();
        return new Overview(scope, now, day, queries.today(scope, start), refused, queries.watch(scope, start, day),
                queries.hourly(scope, now, HOURS), daily, regions.pipeline(region), statuses, byRegion, libraries);
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
