package org.chaekieum.region.members;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chaekieum.region.config.RetentionConfig;
import org.chaekieum.region.repository.Member;
import org.chaekieum.runtime.jobs.Jobs;
import org.jboss.logging.Logger;

/**
 * Erases this region's members inactive for {@code chaekieum.retention.inactive-years}: personal data goes, number
 * and status stay, and the erasure is announced like a withdrawal so that copies elsewhere are erased too. Imported
 * copies of other regions' members inactive here as long are removed from this region (the member imports again to
 * use a library here); nothing is announced for them. Runs daily
 * ({@code chaekieum.retention.cron}) and on an operator's request.
 */
@ApplicationScoped
public class RetentionService {

    @Inject
    Jobs jobs;

    private static final Logger LOG = Logger.getLogger(RetentionService.class);
    private static final int BATCH = 200;
    /**
     * Members (alias m) without activity here since the cutoff (?2) and without a loan here: this region's own members
     * not erased yet, and imported copies of other regions' members (erased at home or not: a copy holds nothing this
     * region still needs).
     */
    private static final String INACTIVE = "(m.imported = true or m.erasedAt is null) and m.lastActivityAt < ?2"
            + " and not exists (select 1 from Loan l where l.memberNumber = m.memberNumber and l.returnedAt is null)";

    @Inject
    RetentionConfig config;

    @Inject
    MemberChangeService changes;

    @Inject
    Clock clock;

    @Scheduled(cron = "${chaekieum.retention.cron:0 0 3 * * ?}", timeZone = "Asia/Seoul",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void nightly() {
        jobs.alone("retention", this::run);
    }

    /**
     * Erases every inactive member, each in a transaction of its own, and returns their numbers. A member holding a
     * loan is not inactive. Each one is locked and checked again before it is erased, so that a checkout at that
     * moment keeps the member; one that fails is logged and left for the next run without stopping the others.
     */
    public List<String> run() {
        Instant cutoff = ZonedDateTime.now(clock).minusYears(config.inactiveYears()).toInstant();
        String reason = "Erased by the retention rule: inactive for " + config.inactiveYears() + " years.";
        List<String> erased = new ArrayList<>();
        long after = 0;
        List<Long> batch;
        do {
            long from = after;
            batch = QuarkusTransaction.requiringNew().call(() -> Member.getEntityManager().createQuery(
                            "select m.id from Member m where m.id > ?1 and " + INACTIVE + " order by m.id", Long.class)
                    .setParameter(1, from).setParameter(2, cutoff).setMaxResults(BATCH).getResultList());
            for (Long id : batch) {
                after = id;
                try {
                    QuarkusTransaction.requiringNew().call(() -> eraseIfStillInactive(id, cutoff, reason))
                            .ifPresent(erased::add);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "retention: member (id %d) not erased; tried again at the next run", id);
                }
            }
        } while (batch.size() == BATCH);
        LOG.infof("retention run: %d members inactive since before %s erased", erased.size(), cutoff);
        return erased;
    }

    private Optional<String> eraseIfStillInactive(Long id, Instant cutoff, String reason) {
        return Member.<Member>find("from Member m where m.id = ?1 and " + INACTIVE, id, cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .map(member -> {
                    if (member.isHome()) {
                        changes.erase(member, reason);
                    } else {
                        // A copy is this region's alone: removed here, nothing announced (the member stays at home).
                        member.removeCopy(clock.instant());
                    }
                    return member.memberNumber;
                });
    }
}
