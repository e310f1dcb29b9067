package org.chaekieum.region.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.chaekieum.region.config.RetentionConfig;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.housekeeping.Jobs;
import org.jboss.logging.Logger;

/**
 * Erases this region's members inactive for {@code chaekieum.retention.inactive-years}: personal data goes, number
 * and status stay, and the erasure is announced like a withdrawal so that copies elsewhere are erased too. Runs daily
 * ({@code chaekieum.retention.cron}) and on an operator's request.
 */
@ApplicationScoped
public class RetentionService {

    @Inject
    Jobs jobs;

    private static final Logger LOG = Logger.getLogger(RetentionService.class);
    private static final int BATCH = 200;

    @Inject
    RetentionConfig config;

    @Inject
    MemberChangeService changes;

    @Inject
    Clock clock;

    @Scheduled(cron = "${chaekieum.retention.cron:0 0 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void nightly() {
        jobs.alone("retention", this::run);
    }

    /** Erases every inactive member; returns their numbers. */
    public List<String> run() {
        Instant cutoff = ZonedDateTime.now(clock).minusYears(config.inactiveYears()).toInstant();
        List<String> erased = new ArrayList<>();
        List<String> batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> {
                List<Member> inactive = Member.<Member>find("imported = false and erasedAt is null and lastActivityAt < ?1",
                        cutoff).page(0, BATCH).list();
                List<String> numbers = new ArrayList<>();
                for (Member m : inactive) {
                    changes.erase(m, "Erased by the retention rule: inactive for " + config.inactiveYears() + " years.");
                    numbers.add(m.memberNumber);
                }
                return numbers;
            });
            erased.addAll(batch);
        } while (batch.size() == BATCH);
        LOG.infof("retention run: %d members inactive since before %s erased", erased.size(), cutoff);
        return erased;
    }
}
