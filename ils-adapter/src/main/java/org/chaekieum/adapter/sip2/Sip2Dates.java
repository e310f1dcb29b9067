package org.chaekieum.adapter.sip2;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * SIP2 dates: 18 characters {@code YYYYMMDDZZZZHHMMSS}, where ZZZZ is four blanks for the local time of the library
 * (Korea here) or {@code "   Z"} for UTC, as the specification gives them.
 */
public final class Sip2Dates {

    public static final ZoneId LIBRARY_ZONE = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    private Sip2Dates() {
    }

    /** A moment in the library's local time, zone field blank. */
    public static String format(ZonedDateTime at) {
        ZonedDateTime local = at.withZoneSameInstant(LIBRARY_ZONE);
        return DAY.format(local) + "    " + TIME.format(local);
    }

    /** A due date: the end of that day in the library's local time (23:59:59). */
    public static String formatDue(LocalDate dueOn) {
        return DAY.format(dueOn) + "    235959";
    }

    /**
     * Reads an 18-character date; blank zone is the library's local time, {@code Z} is UTC. Empty for blanks or
     * anything the specification does not describe (kiosks send all blanks when they have no date).
     */
    public static Optional<ZonedDateTime> parse(String text) {
        if (text == null || text.length() != 18 || text.isBlank()) {
            return Optional.empty();
        }
        try {
            LocalDate day = LocalDate.parse(text.substring(0, 8), DAY);
            LocalTime time = LocalTime.parse(text.substring(12, 18), TIME);
            String zone = text.substring(8, 12);
            ZoneId zoneId = zone.isBlank() ? LIBRARY_ZONE : "Z".equals(zone.trim()) ? ZoneOffset.UTC : null;
            return zoneId == null ? Optional.empty() : Optional.of(LocalDateTime.of(day, time).atZone(zoneId));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
