package org.chaekieum.hub.statistics;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.runtime.problem.ProblemException;

/**
 * One statistics request, read from its query parameters: the days {@code from} to {@code to} (ISO dates, Korean
 * days, both included), grouped by region or library, per day or per month, for one region or one library if asked.
 */
public record StatisticsQuery(LocalDate from, LocalDate to, GroupBy groupBy, Interval interval, String region,
                              String library, Format format) {

    public enum GroupBy { REGION, LIBRARY }

    public enum Interval { DAY, MONTH }

    /** The answer's form when the request names one ({@code format}); null: the Accept header decides. */
    public enum Format { JSON, CSV }

    /** Region ids as the services configure them. */
    static final String REGION_ID = "[A-Za-z0-9_-]{1,40}";

    /**
     * Reads the parameters, all of them at once: every mistake is a field error of one 400 VALIDATION_FAILED.
     *
     * @param maxDaysByDay   the longest period with {@code interval=day}, in days (both ends included)
     * @param maxDaysByMonth the longest period with {@code interval=month}
     */
    public static StatisticsQuery parse(String from, String to, String groupBy, String interval, String region,
                                        String library, String format, int maxDaysByDay, int maxDaysByMonth) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate first = date(errors, "from", from);
        LocalDate last = date(errors, "to", to);
        GroupBy group = choice(errors, "groupBy", groupBy, GroupBy.REGION, GroupBy.class);
        Interval every = choice(errors, "interval", interval, Interval.DAY, Interval.class);
        Format form = choice(errors, "format", format, null, Format.class);
        String regionId = blank(region) ? null : region.trim();
        if (regionId != null && !regionId.matches(REGION_ID)) {
            errors.add(invalid("region", "region-id"));
        }
        String libraryCode = blank(library) ? null : library.trim();
        if (libraryCode != null && !LibraryCode.isValid(libraryCode)) {
            errors.add(FieldError.of("library", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (first != null && last != null) {
            if (last.isBefore(first)) {
                errors.add(invalid("to", "to-before-from"));
            } else if (every != null) {
                int max = every == Interval.MONTH ? maxDaysByMonth : maxDaysByDay;
                long days = ChronoUnit.DAYS.between(first, last) + 1;
                if (days > max) {
                    String name = every.name().toLowerCase(Locale.ROOT);
                    errors.add(invalid("to", "period-too-long", name, max, days));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors)
                    .withContext(Map.of("maxDaysByDay", maxDaysByDay, "maxDaysByMonth", maxDaysByMonth));
        }
        return new StatisticsQuery(first, last, group, every, regionId, libraryCode, form);
    }

    private static LocalDate date(List<FieldError> errors, String field, String text) {
        if (blank(text)) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_REQUIRED));
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(text.trim());
            if (date.getYear() < 2000 || date.getYear() > 2099) {
                errors.add(invalid(field, "date-out-of-range", field));
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            errors.add(invalid(field, "date-form", field));
            return null;
        }
    }

    private static <E extends Enum<E>> E choice(List<FieldError> errors, String field, String text, E fallback,
                                                Class<E> type) {
        if (blank(text)) {
            return fallback;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        String allowed = String.join("|", Arrays.stream(type.getEnumConstants())
                .map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
        errors.add(invalid(field, "one-of", field, allowed));
        return null;
    }

    /** {@link ErrorCode#FIELD_INVALID} with the bundle's detail {@code FIELD_INVALID.statistics-<detail>}. */
    static FieldError invalid(String field, String detail, Object... args) {
        return FieldError.of(field, ErrorCode.FIELD_INVALID, "statistics-" + detail, args);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
