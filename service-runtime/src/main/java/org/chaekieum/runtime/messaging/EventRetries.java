package org.chaekieum.runtime.messaging;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.chaekieum.runtime.persistence.DatabaseFailures;
import org.jboss.logging.Logger;

/**
 * The consumers' rule for applying one event, the same on both sides: try it a few times with a growing pause (a
 * concurrent duplicate, a lock timeout), give up on it for good only when the event itself is at fault, and never when
 * the consumer is: while the service shuts down or its database is away, the event is left for later (unacknowledged,
 * delivered again), never dead-lettered.
 */
public final class EventRetries {

    private static final Logger LOG = Logger.getLogger(EventRetries.class);

    private EventRetries() {
    }

    /** What became of the event. */
    public enum Outcome {
        /** Applied. */
        APPLIED,
        /** The event cannot be applied (attempts used up, or a failure that no retry mends): dead-letter it. */
        FAILED,
        /** Not applied because of the consumer itself (shutting down, database away, interrupted): leave it. */
        NOT_NOW
    }

    /**
     * @param outcome     what became of it
     * @param failure     the last failure (null when applied, or when interrupted)
     * @param attempts    attempts made
     * @param interrupted the pause between attempts was interrupted (the thread's flag is set again)
     */
    public record Result(Outcome outcome, RuntimeException failure, int attempts, boolean interrupted) {
    }

    /**
     * Applies {@code work}, at most {@code maxAttempts} times, pausing {@code backoffMillis x attempt} between
     * attempts.
     *
     * @param what         the event, for the log ("event 1234", "national decision 1234")
     * @param permanent    failures no retry can mend (e.g. an unreadable payload): FAILED at once
     * @param shuttingDown whether the consumer is shutting down
     */
    public static Result apply(String what, Runnable work, int maxAttempts, long backoffMillis,
                               Predicate<RuntimeException> permanent, BooleanSupplier shuttingDown) {
        int attempts = Math.max(1, maxAttempts);
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return new Result(Outcome.APPLIED, null, attempt, false);
            } catch (RuntimeException e) {
                if (permanent.test(e)) {
                    return new Result(Outcome.FAILED, e, attempt, false);
                }
                if (shuttingDown.getAsBoolean() || DatabaseFailures.isDatabaseUnavailable(e)) {
                    return new Result(Outcome.NOT_NOW, e, attempt, false);
                }
                if (attempt >= attempts) {
                    return new Result(Outcome.FAILED, e, attempt, false);
                }
                LOG.debugf("%s attempt %d failed (%s), retrying", what, attempt, e.toString());
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMillis * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return new Result(Outcome.NOT_NOW, null, attempt, true);
                }
            }
        }
    }
}
