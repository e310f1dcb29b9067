package org.chaekieum.adapter.kolas;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KOLAS III's dates: {@code YYYY/MM/DD HH24:MI:SS} in Korean time, or {@code YYYY/MM/DD} alone. Some of its calls
 * write the time unpadded ({@code 2024/01/05 9:3:7}), and a due date may come as {@code <date> 23:59:59}: both read.
 */
public final class KolasDates {

    public static final ZoneId KOREA = ZoneId.of("Asia/Seoul");
    private static final Pattern DATE_TIME = Pattern.compile(
            "\\s*(\\d{4})[/.-](\\d{1,2})[/.-](\\d{1,2})(?:[ T]+(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?)?\\s*");
    private static final Pattern COMPACT = Pattern.compile("\\s*(\\d{4})(\\d{2})(\\d{2})(?:(\\d{2})(\\d{2})(\\d{2}))?\\s*");
    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
    private static final DateTimeFormatter WRITTEN_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private KolasDates() {
    }

    /** A date and time as the client writes it, or empty when the text is not one. */
    public static Optional<LocalDateTime> read(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            m = COMPACT.matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            LocalTime time = m.group(4) == null ? LocalTime.MIDNIGHT : LocalTime.of(Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            return Optional.of(LocalDateTime.of(date, time));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Optional<Instant> instant(String text) {
        return read(text).map(t -> t.atZone(KOREA).toInstant());
    }

    public static Optional<LocalDate> date(String text) {
        return read(text).map(LocalDateTime::toLocalDate);
    }

    public static String write(Instant instant) {
        return instant == null ? "" : WRITTEN.format(instant.atZone(KOREA));
    }

    public static String write(LocalDate date) {
        return date == null ? "" : WRITTEN_DATE.format(date);
    }
}
