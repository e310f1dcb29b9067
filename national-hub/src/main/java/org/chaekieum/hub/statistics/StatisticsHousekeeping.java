package org.chaekieum.hub.statistics;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.chaekieum.runtime.jobs.Jobs;
import org.jboss.logging.Logger;

/**
 * Keeps the statistics' working data small, as the runtime's {@code Housekeeping} does for the outbox: every
 * {@code chaekieum.housekeeping.interval} (one replica at a time), in batches, it deletes the member numbers of a day's
 * borrowers once {@code chaekieum.statistics.keep-borrowers} (3 days) old, and the ids of counted events once
 * {@code keep-counted-event-ids} (30 days) old. The member numbers are the only data of a person the statistics hold
 * (no names: the hub holds none), and only for as long as they can still change a day's figure.
 */
@ApplicationScoped
public class StatisticsHousekeeping {

    private static final Logger LOG = Logger.getLogger(StatisticsHousekeeping.class);
    static final int BATCH = 5000;
    /** The day's figure is final {@link StatisticsRules#BORROWER_WINDOW} after the day ends: keep at least this. */
    static final Duration MIN_KEEP_BORROWERS = Duration.ofDays(2);

    @Inject
    StatisticsStore store;

    @Inject
    StatisticsConfig config;

    @Inject
    Jobs jobs;

    @Inject
    Clock clock;

    /** Rows deleted by one run. */
    public record Run(long borrowers, long countedEventIds) {
    }

    @Scheduled(every = "${chaekieum.housekeeping.interval:1h}", delayed = "${chaekieum.housekeeping.interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        jobs.alone("statistics-housekeeping", () -> run(clock.instant()));
    }

    /** Deletes what is older than the kept periods, counted back from {@code now}. */
    public Run run(Instant now) {
        Duration keepBorrowers = config.keepBorrowers().compareTo(MIN_KEEP_BORROWERS) < 0 ? MIN_KEEP_BORROWERS
                : config.keepBorrowers();
        long[] deleted = store.deleteOlderThan(now.minus(keepBorrowers), now.minus(config.keepCountedEventIds()),
                BATCH);
        if (deleted[0] + deleted[1] > 0) {
            LOG.infof("statistics housekeeping: %d borrower row(s) and %d counted-event id(s) deleted", deleted[0],
                    deleted[1]);
        }
        return new Run(deleted[0], deleted[1]);
    }
}
