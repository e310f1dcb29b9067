package org.chaekieum.hub.retention;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.IntSupplier;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.ledger.LoanAnonymiser;
import org.chaekieum.hub.repository.LoanReadAudit;
import org.chaekieum.hub.suspensions.SuspensionRegistry;
import org.chaekieum.runtime.jobs.Jobs;
import org.jboss.logging.Logger;

/**
 * The hub's retention of members' data, run with the housekeeping ({@code chaekieum.housekeeping.interval}, one replica
 * at a time): returned loans and released reservations older than {@code chaekieum.hub.loan-retention} (counted from
 * the return) lose their member number, and so do cap overruns as old; suspensions whose last day is past (Korean
 * days) are deleted with their reasons, and the audit of reads of members' loans once as old as the retention. In
 * batches of {@value #BATCH} rows, one transaction each. A withdrawal does the
 * same at once for the member ({@code RegistryService}).
 */
@ApplicationScoped
public class PersonalDataRetention {

    private static final Logger LOG = Logger.getLogger(PersonalDataRetention.class);
    static final int BATCH = 5000;

    @Inject
    LoanAnonymiser loans;

    @Inject
    SuspensionRegistry suspensions;

    @Inject
    HubConfig config;

    @Inject
    Jobs jobs;

    @Inject
    Clock clock;

    /** Rows changed by one run. */
    public record Run(long loansAnonymised, long overrunsAnonymised, long endedSuspensionsDeleted,
                      long loanReadsDeleted) {
    }

    @Scheduled(every = "${chaekieum.housekeeping.interval:1h}", delayed = "${chaekieum.housekeeping.interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        jobs.alone("personal-data-retention", () -> run(clock.instant()));
    }

    /** Anonymises what is older than the retention period, counted back from {@code now}. */
    public Run run(Instant now) {
        Instant cutoff = now.minus(config.loanRetention());
        long anonymisedLoans = inBatches(() -> loans.anonymiseLoansEndedBefore(cutoff, BATCH));
        long anonymisedOverruns = inBatches(() -> loans.anonymiseOverrunsBefore(cutoff, BATCH));
        LocalDate today = LocalDate.ofInstant(now, SuspensionRegistry.ZONE);
        long endedSuspensions = inBatches(() -> suspensions.deleteEnded(today, BATCH));
        long reads = inBatches(() -> QuarkusTransaction.requiringNew()
                .call(() -> LoanReadAudit.deleteReadBefore(cutoff, BATCH)));
        if (anonymisedLoans + anonymisedOverruns + endedSuspensions + reads > 0) {
            LOG.infof("retention: %d loan(s) ended before %s and %d overrun(s) anonymised, %d ended suspension(s) "
                    + "and %d audited loan read(s) deleted", anonymisedLoans, cutoff, anonymisedOverruns,
                    endedSuspensions, reads);
        }
        return new Run(anonymisedLoans, anonymisedOverruns, endedSuspensions, reads);
    }

    private static long inBatches(IntSupplier batch) {
        long total = 0;
        int done;
        do {
            done = batch.getAsInt();
            total += done;
        } while (done == BATCH);
        return total;
    }
}
