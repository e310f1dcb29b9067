package org.chaekieum.runtime.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.chaekieum.contracts.event.EventCodec.UnreadableEventException;

/**
 * Counts the records a consumer sent to a dead-letter topic: {@value #METRIC}{@code {topic, reason}} (Prometheus:
 * {@code chaekieum_events_dead_lettered_total}), {@code topic} being the consumed topic and {@code reason} whether the
 * record could not be read or could not be applied. A consumer registers its topic at start, so the figure is 0, not
 * missing, before the first dead letter (an alert on its increase then sees the first one too).
 */
@ApplicationScoped
public class DeadLetterCounter {

    /** The counter's name. */
    public static final String METRIC = "chaekieum.events.dead.lettered";

    /** Why a record was dead-lettered (the {@code reason} tag, in lower case). */
    public enum Reason {
        /** Not a readable event: malformed JSON, a missing required field, an unknown type. */
        UNREADABLE,
        /** A readable event that could not be applied, even after the consumer's attempts. */
        FAILED,
        /**
         * A readable event its topic's writer could not have sent (it names another region or another region's
         * library): a forgery, or a region's misconfiguration. Never applied ({@link WrongSenderException}).
         */
        SENDER;

        /**
         * The reason for a failure: {@link #UNREADABLE} for an {@link UnreadableEventException}, {@link #SENDER} for a
         * {@link WrongSenderException}, else FAILED.
         */
        public static Reason of(Throwable failure) {
            if (failure instanceof UnreadableEventException) {
                return UNREADABLE;
            }
            return failure instanceof WrongSenderException ? SENDER : FAILED;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public DeadLetterCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the counters of a consumed topic, at 0. */
    public void register(String topic) {
        for (Reason reason : Reason.values()) {
            counter(topic, reason);
        }
    }

    /** Counts one record of {@code topic} sent to its dead-letter topic. */
    public void count(String topic, Reason reason) {
        counter(topic, reason).increment();
    }

    private Counter counter(String topic, Reason reason) {
        return Counter.builder(METRIC)
                .description("Records sent to a dead-letter topic, by consumed topic and reason")
                .tag("topic", topic)
                .tag("reason", reason.tag())
                .register(registry);
    }
}
