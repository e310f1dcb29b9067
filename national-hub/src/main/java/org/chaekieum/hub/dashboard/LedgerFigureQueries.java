package org.chaekieum.hub.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.dashboard.Overview.Point;
import org.chaekieum.hub.dashboard.Overview.Series;
import org.chaekieum.hub.dashboard.Overview.Watch;
import org.chaekieum.runtime.time.ClockProducer;

/**
 * The dashboard's figures from the hub's own tables that the daily statistics do not hold: what needs watching
 * (suspensions, duplicates, overruns, refused numbers) and the per-hour series of the last 48 hours (checkouts and
 * returns from the national loan ledger, enrollments from the registry), which daily figures cannot give. The hourly
 * series reads time ranges through the indexes of {@code V11__dashboard_indexes.sql} (the ledger's checkout and return
 * times, the registry's registration time) and is narrowed to the scope; its returns are counted where the item was
 * given back (the daily series, from the statistics, counts them at the lending library). Read-only; the results are
 * cached by {@link HubDashboardFigures}.
 */
@ApplicationScoped
public class LedgerFigureQueries {

    static final ZoneId KOREA = ClockProducer.KOREA;

    @Inject
    EntityManager em;

    @Inject
    HubConfig hubConfig;

    /** What needs watching in the scope. */
    @Transactional
    public Watch watch(Scope scope, Instant start, LocalDate day) {
        Tuple row = (Tuple) query(scope, "select "
                + "(select count(distinct s.member_number) from national_suspension s where s.suspended_until >= :day"
                + suspensions(scope) + ") as suspensions, "
                + "(select count(*) from national_member m where m.status = 'LINKED' and m.updated_at >= :start"
                + members(scope) + ") as duplicates_today, "
                + "(select count(*) from national_member m where m.status = 'LINKED'" + members(scope)
                + ") as duplicates_total, "
                + "(select count(*) from cap_overrun o where o.detected_at >= :start" + overruns(scope)
                + ") as overruns_today, "
                + "(select count(*) from cap_overrun o where true" + overruns(scope) + ") as overruns_total, "
                + "(select count(*) from refused_number r where r.refused_at >= :start" + refused(scope)
                + ") as refused", true)
                .setParameter("start", start).setParameter("day", day).getSingleResult();
        return new Watch(number(row, "suspensions"), number(row, "duplicates_today"), number(row, "duplicates_total"),
                number(row, "overruns_today"), number(row, "overruns_total"), number(row, "refused"), null);
    }

    /** Per hour, the {@code hours} hours up to and including the current one. */
    @Transactional
    public Series hourly(Scope scope, Instant now, int hours) {
        Instant first = now.truncatedTo(ChronoUnit.HOURS).minus(hours - 1L, ChronoUnit.HOURS);
        Map<Instant, long[]> buckets = new TreeMap<>();
        for (int i = 0; i < hours; i++) {
            buckets.put(first.plus(i, ChronoUnit.HOURS), new long[3]);
        }
        String bucket = "date_trunc('hour', %s)";
        fill(buckets, series(scope, bucket, first), 0);
        fill(buckets, seriesOfReturns(scope, bucket, first), 1);
        fill(buckets, seriesOfEnrollments(scope, bucket, first), 2);
        return toSeries("hour", buckets);
    }

    // ---- the scope of each table ------------------------------------------------------------------------------------

    /** Loans lent in the scope: by the lending region, or at the library. */
    private static String lent(Scope scope) {
        return switch (scope.level()) {
            case NATIONAL -> "";
            case REGION -> " and l.region = :region";
            case LIBRARY -> " and l.library_code = :library";
        };
    }

    /** Loans returned in the scope: at a library of the region (the region digits of its code), or at the library. */
    private String returnedAt(Scope scope) {
        return switch (scope.level()) {
            case NATIONAL -> "";
            case REGION -> digits(scope).isPresent() ? " and substring(l.returned_at_library, 2, 2) = :digits"
                    : " and l.region = :region";
            case LIBRARY -> " and l.returned_at_library = :library";
        };
    }

    /** Numbers registered in the scope: by the enrolling region, or issued by the library. */
    private static String members(Scope scope) {
        return switch (scope.level()) {
            case NATIONAL -> "";
            case REGION -> " and m.region = :region";
            case LIBRARY -> " and m.issuing_library = :library";
        };
    }

    private static String suspensions(Scope scope) {
        return switch (scope.level()) {
            case NATIONAL -> "";
            case REGION -> " and s.set_by_region = :region";
            case LIBRARY -> " and s.set_by_library = :library";
        };
    }

    /** An overrun belongs to the scope of the loans it names. */
    private static String overruns(Scope scope) {
        return switch (scope.level()) {
            case NATIONAL -> "";
            case REGION -> " and exists (select 1 from national_loan ol where ol.loan_id = any(string_to_array("
                    + "o.loan_ids, ',')) and ol.region = :region)";
            case LIBRARY -> " and exists (select 1 from national_loan ol where ol.loan_id = any(string_to_array("
                    + "o.loan_ids, ',')) and ol.library_code = :library)";
        };
    }

    private static String refused(Scope scope) {
        return switch (scope.level()) {
            case NATIONAL -> "";
            case REGION -> " and r.region = :region";
            case LIBRARY -> " and left(r.member_number, 6) = :library";
        };
    }

    /** The two region digits of a region's library codes, as configured at the hub. */
    private Optional<String> digits(Scope scope) {
        HubConfig.RegionEndpoint region = hubConfig.regions().get(scope.id());
        return region == null ? Optional.empty() : region.libraryRegionCode().map(String::trim)
                .filter(d -> d.matches("[0-9]{2}"));
    }

    /** A native query with the scope's parameters bound (those its scope fragments name). */
    private Query query(Scope scope, String sql, boolean tuples) {
        Query query = tuples ? em.createNativeQuery(sql, Tuple.class) : em.createNativeQuery(sql);
        if (sql.contains(":region")) {
            query.setParameter("region", scope.id());
        }
        if (sql.contains(":digits")) {
            query.setParameter("digits", digits(scope).orElseThrow());
        }
        if (sql.contains(":library")) {
            query.setParameter("library", scope.id());
        }
        return query;
    }

    // ---- series -----------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private List<Tuple> series(Scope scope, String bucket, Instant first) {
        return query(scope, "select " + bucket.formatted("l.checked_out_at") + " as bucket, "
                + "count(*) as n from national_loan l where l.checked_out_at >= :first" + lent(scope)
                + " group by 1", true).setParameter("first", first).getResultList();
    }

    @SuppressWarnings("unchecked")
    private List<Tuple> seriesOfReturns(Scope scope, String bucket, Instant first) {
        return query(scope, "select " + bucket.formatted("l.returned_at") + " as bucket, "
                + "count(*) as n from national_loan l where l.returned_at >= :first" + returnedAt(scope)
                + " group by 1", true).setParameter("first", first).getResultList();
    }

    @SuppressWarnings("unchecked")
    private List<Tuple> seriesOfEnrollments(Scope scope, String bucket, Instant first) {
        return query(scope, "select " + bucket.formatted("m.registered_at") + " as bucket, "
                + "count(*) as n from national_member m where m.registered_at >= :first" + members(scope)
                + " group by 1", true).setParameter("first", first).getResultList();
    }

    private static void fill(Map<Instant, long[]> buckets, List<Tuple> rows, int column) {
        for (Tuple row : rows) {
            long[] counts = buckets.get(instant(row.get("bucket")));
            if (counts != null) {
                counts[column] += number(row, "n");
            }
        }
    }

    private static Series toSeries(String unit, Map<Instant, long[]> buckets) {
        List<Point> points = new ArrayList<>(buckets.size());
        buckets.forEach((start, counts) -> points.add(new Point(start, counts[0], counts[1], counts[2])));
        return new Series(unit, points);
    }

    /** A bucket as PostgreSQL returns it: an hour (timestamptz) or a Korean day (date). */
    static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof ZonedDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(KOREA).toInstant();
        }
        if (value instanceof Date date) {
            return date.toLocalDate().atStartOfDay(KOREA).toInstant();
        }
        throw new IllegalStateException("unexpected bucket " + (value == null ? null : value.getClass()));
    }

    private static long number(Tuple row, String alias) {
        Object value = row.get(alias);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
