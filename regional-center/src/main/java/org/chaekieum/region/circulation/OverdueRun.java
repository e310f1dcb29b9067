package org.chaekieum.region.circulation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.chaekieum.contracts.event.LoanOverdue;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.runtime.jobs.Jobs;
import org.chaekieum.runtime.outbox.Outbox;
import org.hibernate.Timeouts;
import org.hibernate.jpa.SpecHints;
import org.jboss.logging.Logger;

/**
 * The daily overdue run: every open loan past its due date is marked once and announced as loan.overdue.v1 (for
 * overdue notices), in batches of {@value #BATCH}, each batch with its events in one transaction. Scheduled by
 * {@code chaekieum.overdue-run.cron} (default 01:00 Korean time), on one replica at a time, and on an
 * operator's request.
 */
@ApplicationScoped
public class OverdueRun {

    private static final Logger LOG = Logger.getLogger(OverdueRun.class);
    static final int BATCH = 500;

    @Inject
    Outbox outbox;

    @Inject
    Jobs jobs;

    @Inject
    Clock clock;

    @Scheduled(cron = "${chaekieum.overdue-run.cron:0 0 1 * * ?}", timeZone = "Asia/Seoul",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void daily() {
        jobs.alone("overdue-run", this::run);
    }

    /** Marks and announces every open loan past its due date not marked before; answers how many. */
    public int run() {
        LocalDate today = LocalDate.now(clock);
        int total = 0;
        int marked;
        do {
            marked = QuarkusTransaction.requiringNew().call(() -> {
                Instant now = clock.instant();
                // Loans a desk is returning or renewing right now are skipped (it holds their lock), not waited for
                // or fought over; the next run sees them if they are still open.
                List<Loan> overdue = Loan.<Loan>find("returnedAt is null and overdueMarkedAt is null and dueOn < ?1 "
                        + "order by dueOn", today).page(0, BATCH).withLock(LockModeType.PESSIMISTIC_WRITE)
                        .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI).list();
                for (Loan loan : overdue) {
                    loan.overdueMarkedAt = now;
                    if (loan.memberNumber != null) {
                        outbox.append(new LoanOverdue(loan.id.toString(), loan.memberNumber, loan.libraryCode,
                                loan.itemBarcode, loan.dueOn, today.toEpochDay() - loan.dueOn.toEpochDay(), now));
                    }
                }
                return overdue.size();
            });
            total += marked;
        } while (marked == BATCH);
        LOG.infof("overdue run: %d loan(s) newly past their due date announced", total);
        return total;
    }
}
