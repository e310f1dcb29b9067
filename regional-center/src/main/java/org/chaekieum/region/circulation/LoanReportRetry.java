package org.chaekieum.region.circulation;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.chaekieum.region.repository.WaitingReport;
import org.chaekieum.runtime.jobs.Jobs;
import org.jboss.logging.Logger;

/**
 * Tries the kept reports of local library systems again, oldest first (so a library's reports are applied in the
 * order they were received), on one replica at a time; right after a member's registration here (their reports waited
 * for it); and right after a return ended a loan (a report of the same item waited for it).
 */
@ApplicationScoped
public class LoanReportRetry {

    private static final Logger LOG = Logger.getLogger(LoanReportRetry.class);
    private static final int BATCH = 200;

    @Inject
    LoanReportService reports;

    @Inject
    Jobs jobs;

    @Inject
    MeterRegistry registry;

    /** Reports kept, not yet applied. */
    private final AtomicLong waiting = new AtomicLong();

    /** The figures exist from the start, not from the first retry. */
    void registerMetrics(@Observes StartupEvent event) {
        registry.gauge("chaekieum.loan-reports.waiting", waiting);
        registry.counter("chaekieum.loan-reports.retry-failed");
    }

    @Scheduled(every = "${chaekieum.circulation.loan-report-retry-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        jobs.alone("loan-reports", this::retryWaiting);
    }

    /** Tries every kept report once, oldest first; counts what still waits. Tests call it directly. */
    public void retryWaiting() {
        List<WaitingReport> kept = QuarkusTransaction.requiringNew().call(() -> WaitingReport.oldestOpen(BATCH));
        kept.forEach(this::tryOne);
        refreshGauge();
    }

    /** Tries the member's kept reports now (after their registration here committed). Best effort. */
    public void retryWaitingOf(String memberNumber) {
        try {
            List<WaitingReport> kept = QuarkusTransaction.requiringNew().call(() -> WaitingReport.openOf(memberNumber));
            kept.forEach(this::tryOne);
            if (!kept.isEmpty()) {
                refreshGauge();
            }
        } catch (RuntimeException e) {
            LOG.warnf("kept reports of member %s not tried now (%s): the job tries them", memberNumber, e.toString());
        }
    }

    /** Tries the kept loan reports of an item whose loan just ended. Best effort. */
    void afterReturn(String itemBarcode) {
        try {
            List<WaitingReport> kept = QuarkusTransaction.requiringNew().call(() -> WaitingReport.<WaitingReport>list(
                    "itemBarcode = ?1 and kind = ?2 and appliedAt is null order by receivedAt, id", itemBarcode,
                    WaitingReport.LOAN));
            kept.forEach(this::tryOne);
        } catch (RuntimeException e) {
            LOG.warnf("kept reports of item %s not tried now (%s): the job tries them", itemBarcode, e.toString());
        }
    }

    private void tryOne(WaitingReport report) {
        try {
            if (reports.retry(report)) {
                LOG.infof("kept %s report %s at %s applied", report.kind, report.localKey, report.libraryCode);
            }
        } catch (RuntimeException e) {
            registry.counter("chaekieum.loan-reports.retry-failed").increment();
            LOG.errorf("kept %s report %s at %s not applied (%s): tried again at the next run", report.kind,
                    report.localKey, report.libraryCode, e.toString());
        }
    }

    private void refreshGauge() {
        waiting.set(QuarkusTransaction.requiringNew().call(WaitingReport::openCount));
    }
}
