package org.chaekieum.runtime.jobs;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the outbox and the consumer's record of applied events from growing without bound. Every
 * {@code chaekieum.housekeeping.interval} it deletes, in batches of {@value #BATCH} rows, one transaction each:
 * <ul>
 *   <li>outbox rows published more than {@code keep-published-events} ago (default 7 days; unpublished rows are
 *       never touched);</li>
 *   <li>applied-event ids older than {@code keep-processed-event-ids} (default 30 days). Keep this longer than the
 *       retention of the topics this service consumes plus the longest consumer outage you plan for: a redelivered
 *       event whose id was deleted would be applied again.</li>
 * </ul>
 * One replica runs it at a time ({@link Jobs}).
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    static final int BATCH = 5000;

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    Jobs jobs;

    @ConfigProperty(name = "chaekieum.housekeeping.keep-published-events", defaultValue = "7d")
    Duration keepPublished;

    @ConfigProperty(name = "chaekieum.housekeeping.keep-processed-event-ids", defaultValue = "30d")
    Duration keepProcessed;

    /** Rows deleted by one run. */
    public record Run(long outboxRows, long processedEventIds) {
    }

    @Scheduled(every = "${chaekieum.housekeeping.interval:1h}", delayed = "${chaekieum.housekeeping.interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        jobs.alone("housekeeping", () -> run(clock.instant()));
    }

    /** Deletes what is older than the kept periods, counted back from {@code now}. */
    public Run run(Instant now) {
        long outbox = deleteInBatches("delete from outbox_event where id in (select id from outbox_event "
                + "where created_at < ?1 and published_at is not null order by created_at limit " + BATCH + ")",
                now.minus(keepPublished));
        long processed = deleteInBatches("delete from processed_event where event_id in (select event_id from "
                + "processed_event where processed_at < ?1 order by processed_at limit " + BATCH + ")",
                now.minus(keepProcessed));
        if (outbox + processed > 0) {
            LOG.infof("housekeeping: %d published outbox row(s) and %d applied-event id(s) deleted", outbox, processed);
        }
        return new Run(outbox, processed);
    }

    private long deleteInBatches(String sql, Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql)
                    .setParameter(1, cutoff).executeUpdate());
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
