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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.dashboard.Overview.LibraryToday;
import org.chaekieum.hub.dashboard.Overview.Point;
import org.chaekieum.hub.dashboard.Overview.Series;
import org.chaekieum.hub.dashboard.Overview.Today;
import org.chaekieum.hub.dashboard.Overview.Watch;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.runtime.time.ClockProducer;

/**
 * The dashboard's figures from the hub's own tables: the national loan ledger (checkouts, returns, returns at another
 * library, degraded loans), the registry (enrollments, duplicates), suspensions, overruns and refused numbers. Every
 * query reads a time range through an index ({@code V11__dashboard_indexes.sql} for the ledger's checkout and return
 * times and the registry's registration time) and is narrowed to the scope; days are Korean days. Read-only; the
 * results are cached by {@link HubDashboardFigures}.
 */
@ApplicationScoped
public class LedgerFigureQueries {

    static final ZoneId KOREA = ClockProducer.KOREA;

    @Inject
    EntityManager em;

    @Inject
    LibraryRegions libraryRegions;

    @Inject
    HubConfig hubConfig;

    /** Today's circulation and membership in the scope, from {@code start} (the Korean day's first instant). */
    @Transactional
    public Today today(Scope scope, Instant start) {
        Tuple row = (Tuple) query(scope, "select "
                + "(select count(*) from national_loan l where l.checked_out_at >= :start" + lent(scope) + ") as checkouts, "
                + "(select count(*) from national_loan l where l.returned_at >= :start" + returnedAt(scope)
                + ") as returns, "
                + "(select count(*) from national_loan l where l.returned_at >= :start" + returnedAt(scope)
                + " and l.returned_at_library <> l.library_code) as returns_elsewhere, "
                + "(select count(*) from national_member m where m.registered_at >= :start" + members(scope)
                + ") as enrollments", true).setParameter("start", start).getSingleResult();
        return new Today(number(row, "checkouts"), number(row, "returns"), number(row, "returns_elsewhere"),
                number(row, "enrollments"), null);
    }

    /**
     * Today's counts of every region at once (the national page's region rows): checkouts by the lending region,
     * returns by the region of the library they were returned at (its region digits), enrollments by the enrolling
     * region. Imports are not seen by the hub (null).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<String, Today> todayByRegion(Instant start) {
        Map<String, long[]> counts = new TreeMap<>();
        hubConfig.regions().keySet().forEach(region -> counts.put(region, new long[4]));
        Map<String, String> regionOfDigits = new HashMap<>();
        hubConfig.regions().forEach((region, endpoint) -> endpoint.libraryRegionCode().map(String::trim)
                .ifPresent(digits -> regionOfDigits.putIfAbsent(digits, region)));
        List<Tuple> rows = em.createNativeQuery("select 'lent' as what, l.region as area, count(*) as n, 0 as elsewhere "
                + "from national_loan l where l.checked_out_at >= :start group by l.region "
                + "union all select 'returned', substring(l.returned_at_library, 2, 2), count(*), "
                + "count(*) filter (where l.returned_at_library <> l.library_code) from national_loan l "
                + "where l.returned_at >= :start group by 2 "
                + "union all select 'enrolled', m.region, count(*), 0 from national_member m "
                + "where m.registered_at >= :start group by m.region", Tuple.class)
                .setParameter("start", start).getResultList();
        for (Tuple row : rows) {
            String what = (String) row.get("what");
            String area = row.get("area") == null ? null : ((String) row.get("area")).trim();
            String region = "returned".equals(what) ? regionOfDigits.get(area) : area;
            if (region == null) {
                continue;
            }
            long[] c = counts.computeIfAbsent(region, r -> new long[4]);
            switch (what) {
                case "lent" -> c[0] += number(row, "n");
                case "returned" -> {
                    c[1] += number(row, "n");
                    c[2] += number(row, "elsewhere");
                }
                default -> c[3] += number(row, "n");
            }
        }
        Map<String, Today> today = new TreeMap<>();
        counts.forEach((region, c) -> today.put(region, new Today(c[0], c[1], c[2], c[3], null)));
        return today;
    }

    /** Loans made in the scope since {@code start} under the degraded rule (the hub was unreachable). */
    @Transactional
    public long degradedLoans(Scope scope, Instant start) {
        Object count = query(scope, "select count(*) from national_loan l where l.checked_out_at >= :start "
                + "and l.degraded" + lent(scope), false).setParameter("start", start).getSingleResult();
        return ((Number) count).longValue();
    }

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

    /** Per Korean day, the {@code days} days up to and including today. */
    @Transactional
    public Series daily(Scope scope, LocalDate today, int days) {
        LocalDate firstDay = today.minusDays(days - 1L);
        Instant first = firstDay.atStartOfDay(KOREA).toInstant();
        Map<Instant, long[]> buckets = new TreeMap<>();
        for (int i = 0; i < days; i++) {
            buckets.put(firstDay.plusDays(i).atStartOfDay(KOREA).toInstant(), new long[3]);
        }
        String bucket = "((%s) at time zone 'Asia/Seoul')::date";
        fill(buckets, series(scope, bucket, first), 0);
        fill(buckets, seriesOfReturns(scope, bucket, first), 1);
        fill(buckets, seriesOfEnrollments(scope, bucket, first), 2);
        return toSeries("day", buckets);
    }

    /**
     * The libraries of a region with any loan, return or enrollment since {@code since}, with their counts since
     * {@code start} (today), by library code.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<LibraryToday> librariesOf(String region, Instant since, Instant start) {
        Scope scope = Scope.region(region);
        List<Tuple> rows = query(scope, "select code, sum(c) as c, sum(r) as r, sum(re) as re, sum(e) as e "
                + "from ("
                + "select l.library_code as code, count(*) filter (where l.checked_out_at >= :start) as c, 0 as r, "
                + "0 as re, 0 as e from national_loan l where l.checked_out_at >= :since" + lent(scope) + " group by 1 "
                + "union all select l.returned_at_library, 0, count(*) filter (where l.returned_at >= :start), "
                + "count(*) filter (where l.returned_at >= :start and l.returned_at_library <> l.library_code), 0 "
                + "from national_loan l where l.returned_at >= :since" + returnedAt(scope) + " group by 1 "
                + "union all select m.issuing_library, 0, 0, 0, count(*) filter (where m.registered_at >= :start) "
                + "from national_member m where m.registered_at >= :since" + members(scope) + " group by 1"
                + ") t where code is not null group by code order by code", true)
                .setParameter("since", since).setParameter("start", start).getResultList();
        List<LibraryToday> libraries = new ArrayList<>(rows.size());
        for (Tuple row : rows) {
            String code = ((String) row.get("code")).trim();
            libraries.add(new LibraryToday(code, libraryRegions.regionOf(code).orElse(region), number(row, "c"),
                    number(row, "r"), number(row, "re"), number(row, "e")));
        }
        return libraries;
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
