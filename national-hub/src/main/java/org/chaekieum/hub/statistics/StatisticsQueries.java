package org.chaekieum.hub.statistics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.chaekieum.hub.statistics.StatisticsQuery.GroupBy;
import org.chaekieum.hub.statistics.StatisticsQuery.Interval;

/**
 * The read side of the daily statistics: the figures of a period summed per day or month and per region or library.
 * One statement: by region over {@code statistics.region_day}, by library (or for one library) over
 * {@code statistics.library_day}, a range of the primary key (or of the region's or library's index when one is
 * named). Only periods with activity have rows.
 */
@ApplicationScoped
public class StatisticsQueries {

    @Inject
    DataSource dataSource;

    /** One group's figures: the period (YYYY-MM-DD or YYYY-MM), its region, its library (null by region). */
    public record Figures(String period, String region, String library, long[] values) {
        public long value(Measure measure) {
            return values[measure.ordinal()];
        }
    }

    /**
     * The figures of the query, confined to {@code region} when not null (a region operator's own region, or the one
     * asked), in period, region, library order; at most {@code limit} rows.
     */
    @Transactional
    public List<Figures> figures(StatisticsQuery query, String region, int limit) {
        boolean byMonth = query.interval() == Interval.MONTH;
        String period = byMonth ? "cast(date_trunc('month', day) as date)" : "day";
        boolean byLibrary = query.groupBy() == GroupBy.LIBRARY;
        // By region without a library: the regions' own rows (22 a day rather than 2,000).
        String table = byLibrary || query.library() != null ? "statistics.library_day" : "statistics.region_day";
        String sums = Arrays.stream(Measure.values()).map(m -> "sum(" + m.column() + ")")
                .collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("select ").append(period).append(" as period, region, ")
                .append(byLibrary ? "library_code" : "null").append(" as library, ").append(sums)
                .append(" from ").append(table).append(" where day >= ? and day <= ?");
        List<Object> params = new ArrayList<>(List.of(query.from(), query.to()));
        if (region != null) {
            sql.append(" and region = ?");
            params.add(region);
        }
        if (query.library() != null) {
            sql.append(" and library_code = ?");
            params.add(query.library());
        }
        sql.append(" group by 1, 2, 3 order by 1, 2, 3 limit ?");
        params.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof LocalDate d) {
                    s.setObject(i + 1, d);
                } else if (p instanceof Integer n) {
                    s.setInt(i + 1, n);
                } else {
                    s.setString(i + 1, (String) p);
                }
            }
            List<Figures> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long[] values = new long[Measure.values().length];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = r.getLong(4 + i);
                    }
                    String library = r.getString(3);
                    LocalDate start = r.getObject(1, LocalDate.class);
                    rows.add(new Figures(byMonth ? YearMonth.from(start).toString() : start.toString(),
                            r.getString(2), library == null ? null : library.trim(), values));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("statistics not read: " + e.getMessage(), e);
        }
    }
}
