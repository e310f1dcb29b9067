package org.chaekieum.hub.statistics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.Messages;
import org.chaekieum.hub.statistics.StatisticsStore.Generation;
import org.chaekieum.hub.statistics.TopicPositions.BrokerUnreachable;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Recounts the daily statistics from the topic, from a day on ({@code POST /api/v1/national/statistics/rebuilds}): for
 * when figures are in doubt (a counting rule was fixed, a library's region was configured late, rows were damaged).
 *
 * <p>The rebuild starts the next generation ({@link StatisticsStore#rebuild}): the figures from {@code from} on are
 * deleted and the new generation's consumer group reads the topic again from a day before {@code from}, counting the
 * events of those days into the emptied rows; days before {@code from} keep their figures (an event of those days that
 * the earlier reading counted is not counted again, one it never saw is). While it catches up the figures from
 * {@code from} on are incomplete: {@link #current()} says how many events it has still to read. A rebuild asked for
 * while the previous one is still reading takes it over ({@link #plan}).
 *
 * <p><b>What a rebuild can see is bounded</b>, and a rebuild that cannot see all of its days is refused rather than
 * allowed to lose figures:
 * <ul>
 *   <li>by the topic's retention (14 days in deploy/k8s/topics.yaml): the topic must still hold every event written
 *   from a day before {@code from};</li>
 *   <li>by how long counted event ids are kept ({@code keep-counted-event-ids}, 30 days): {@code from} may be at most
 *   that long ago less 2 days, so that every event read again for the days before {@code from} is still known as
 *   counted.</li>
 * </ul>
 * An event written more than a day before its own business time (a clock a day fast) is not read again and is missing
 * from the rebuilt figures.
 */
@ApplicationScoped
public class StatisticsRebuilds {

    private static final Logger LOG = Logger.getLogger(StatisticsRebuilds.class);
    /** A new generation reads from this long before the first rebuilt day: events written shortly before their day. */
    static final Duration READ_BEFORE = Duration.ofDays(1);

    @Inject
    StatisticsStore store;

    @Inject
    TopicPositions topic;

    @Inject
    StatisticsConfig config;

    @Inject
    Clock clock;

    /** The current generation, and the events its consumer group has still to read (null when the broker is away). */
    public record State(Generation generation, Long remainingEvents) {
    }

    public State current() {
        Generation generation = store.generation();
        Long remaining;
        try {
            remaining = topic.remaining(StatisticsConsumer.groupOf(config.consumer().groupPrefix(),
                    generation.number()), generation.readFrom());
        } catch (BrokerUnreachable e) {
            remaining = null;
        }
        return new State(generation, remaining);
    }

    /**
     * Starts a rebuild from {@code fromText} (an ISO date) on.
     *
     * @throws ProblemException 400 VALIDATION_FAILED for a missing or unreadable day, a day after today, or a day the
     *                          topic or the kept event ids no longer cover ({@code context.earliestFrom}); 503
     *                          EVENT_BROKER_UNREACHABLE when the broker cannot say what the topic holds
     */
    public State rebuild(String fromText, String requestedBy) {
        LocalDate today = LocalDate.now(clock.withZone(StatisticsRules.ZONE));
        LocalDate asked = parse(fromText);
        if (asked.isAfter(today)) {
            throw refused("statistics-from-after-today", "latestFrom", today, today);
        }
        Generation current = store.generation();
        long remaining;
        Optional<Instant> complete;
        try {
            remaining = topic.remaining(StatisticsConsumer.groupOf(config.consumer().groupPrefix(), current.number()),
                    current.readFrom());
            complete = topic.completeSince();
        } catch (BrokerUnreachable e) {
            LOG.warnf("statistics rebuild from %s refused: the broker cannot say what the topic holds (%s)", asked,
                    e.getMessage());
            throw ProblemException.because(ErrorCode.EVENT_BROKER_UNREACHABLE, "statistics-rebuild");
        }
        Plan plan = plan(asked, current, remaining);
        LocalDate byIds = today.minusDays(config.keepCountedEventIds().toDays() - 2);
        LocalDate byTopic = complete.map(StatisticsRebuilds::firstRebuildableDay).orElse(LocalDate.MIN);
        LocalDate earliest = byIds.isAfter(byTopic) ? byIds : byTopic;
        if (plan.from().isBefore(earliest)) {
            throw plan.from().equals(asked) ? refused("statistics-from-too-early", "earliestFrom", earliest, earliest)
                    : refused("statistics-from-too-early-taking-over", "earliestFrom", earliest, earliest, plan.from());
        }
        Generation next = store.rebuild(current.number(), plan.from(), plan.readFrom(), clip(requestedBy),
                clock.instant().truncatedTo(ChronoUnit.MICROS)).orElseThrow(() -> ProblemException.because(
                        ErrorCode.CONCURRENT_CHANGE, "statistics-rebuild"));
        LOG.infof("statistics rebuild from %s (asked %s) requested by %s: generation %d reads the topic from %s",
                plan.from(), asked, clip(requestedBy), next.number(),
                plan.readFrom() == null ? "the beginning" : plan.readFrom());
        return new State(next, null);
    }

    /** What a rebuild deletes (from this day on) and where its reading starts (null: the topic's beginning). */
    record Plan(LocalDate from, Instant readFrom) {
    }

    /**
     * The rebuild asked for, taking over the current generation while it has not caught up ({@code remaining > 0}):
     * its own deleted days are not all counted again yet, so the new generation deletes from the earlier of the two
     * days and reads from the earlier of the two starting points. Only a generation that has read everything before
     * it was superseded may be left behind; that is what makes "an event an earlier reading counted stays counted"
     * true for the days before the rebuild's.
     */
    static Plan plan(LocalDate asked, Generation current, long remaining) {
        LocalDate from = asked;
        if (remaining > 0 && current.rebuildFrom() != null && current.rebuildFrom().isBefore(from)) {
            from = current.rebuildFrom();
        }
        Instant readFrom = StatisticsRules.startOfDay(from).minus(READ_BEFORE);
        if (remaining > 0) {
            readFrom = current.readFrom() == null ? null
                    : current.readFrom().isBefore(readFrom) ? current.readFrom() : readFrom;
        }
        return new Plan(from, readFrom);
    }

    /** The first day whose rebuild reads nothing older than {@code completeSince}. */
    static LocalDate firstRebuildableDay(Instant completeSince) {
        Instant earliestRead = completeSince.plus(READ_BEFORE);
        LocalDate day = StatisticsRules.day(earliestRead);
        return StatisticsRules.startOfDay(day).equals(earliestRead) ? day : day.plusDays(1);
    }

    private static LocalDate parse(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid(List.of(FieldError.of("from", ErrorCode.FIELD_REQUIRED)));
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(List.of(StatisticsQuery.invalid("from", "date-form", "from")));
        }
    }

    private static ProblemException refused(String detail, String bound, LocalDate day, Object... args) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(bound, day.toString());
        Messages.Text text = Messages.of(ErrorCode.FIELD_INVALID, detail, args);
        return ProblemException.because(ErrorCode.VALIDATION_FAILED, text)
                .withErrors(List.of(new FieldError("from", ErrorCode.FIELD_INVALID.name(), text.en(), text.ko())))
                .withContext(context);
    }

    private static String clip(String text) {
        return text == null ? null : text.length() <= 100 ? text : text.substring(0, 100);
    }
}
