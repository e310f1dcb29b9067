package org.chaekieum.hub.dashboard;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formats for the dashboard's templates: {@code {fig:n(count)}} and {@code {fig:time(instant)}}. */
@TemplateExtension(namespace = "fig")
public final class DashboardFormat {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(LedgerFigureQueries.KOREA);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MM-dd HH:00")
            .withZone(LedgerFigureQueries.KOREA);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd")
            .withZone(LedgerFigureQueries.KOREA);

    private DashboardFormat() {
    }

    /** A count with digit grouping; "—" for a count the hub cannot see. */
    static String n(Object value) {
        if (value instanceof Number number) {
            return String.format(Locale.ROOT, "%,d", number.longValue());
        }
        return "—";
    }

    /** Korean time of day, HH:mm:ss; "—" when unknown. */
    static String time(Instant instant) {
        return instant == null ? "—" : CLOCK.format(instant);
    }

    /** The start of a series bucket: an hour ({@code MM-dd HH:00}) or a Korean day. */
    static String bucket(Instant instant, String unit) {
        return "hour".equals(unit) ? HOUR.format(instant) : DAY.format(instant);
    }

    /** ISO-8601 for a {@code <time datetime>} attribute; empty when unknown. */
    static String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
