package org.chaekieum.region.circulation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.chaekieum.region.repository.IdempotencyStore;
import org.chaekieum.runtime.jobs.Jobs;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Part of the housekeeping (same {@code chaekieum.housekeeping.interval}, one replica at a time): the saved answers of
 * writes sent with an Idempotency-Key are deleted {@code chaekieum.idempotency.retention} (24 hours) after they were
 * saved, in batches. A resend within that time gets the first answer; a later one is a new request.
 */
@ApplicationScoped
public class IdempotencyExpiry {

    private static final Logger LOG = Logger.getLogger(IdempotencyExpiry.class);
    static final int BATCH = 5000;

    @Inject
    IdempotencyStore store;

    @Inject
    Jobs jobs;

    @Inject
    Clock clock;

    @ConfigProperty(name = "chaekieum.idempotency.retention", defaultValue = "24h")
    Duration retention;

    @Scheduled(every = "${chaekieum.housekeeping.interval:1h}", delayed = "${chaekieum.housekeeping.interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        jobs.alone("idempotency-expiry", () -> run(clock.instant()));
    }

    /** Deletes the answers saved more than the retention before {@code now}; how many. */
    public long run(Instant now) {
        Instant before = now.minus(retention);
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> store.expire(before, BATCH));
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            LOG.infof("housekeeping: %d saved Idempotency-Key answer(s) older than %s deleted", total, retention);
        }
        return total;
    }
}
