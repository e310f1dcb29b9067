package org.chaekieum.hub.ledger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.chaekieum.hub.client.LoanCheck;
import org.chaekieum.hub.client.RegionLoansGateway;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.ledger.ReservationService.StaleReservation;
import org.chaekieum.runtime.jobs.Jobs;
import org.jboss.logging.Logger;

/**
 * Settles reservations that were neither confirmed (loan.created) nor released after
 * {@code chaekieum.hub.ledger.stale-reservation-after}, by asking their region whether the loan exists: 200 -> ACTIVE,
 * 404 -> RELEASED, no answer -> left as it is and still counted (fail closed: a reservation never expires by itself).
 */
@ApplicationScoped
public class ReservationSettlement {

    private static final Logger LOG = Logger.getLogger(ReservationSettlement.class);

    @Inject
    Clock clock;

    @Inject
    ReservationService reservations;

    @Inject
    RegionLoansGateway gateway;

    @Inject
    HubConfig config;

    @Inject
    Jobs jobs;

    @Scheduled(every = "${chaekieum.hub.ledger.settle-every:15s}", delayed = "${chaekieum.hub.ledger.settle-every:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "settle-stale-reservations")
    void run() {
        jobs.alone("settle-stale-reservations", this::settleStale);
    }

    /** Where the previous pass stopped (null: at the oldest); one pass at a time (SKIP), so no race on it. */
    private volatile StaleReservation cursor;
    private volatile int lastUnknown;

    /** One pass over at most a batch of stale reservations; answers how many were settled. */
    public int settleStale() {
        Instant olderThan = clock.instant().minus(config.ledger().staleReservationAfter());
        int batch = Math.max(1, config.ledger().settleBatchSize());
        List<StaleReservation> stale = reservations.staleReservations(olderThan, cursor, batch);
        cursor = stale.size() < batch ? null : stale.get(stale.size() - 1);
        int settled = 0;
        int unknown = 0;
        for (StaleReservation reservation : stale) {
            LoanCheck check;
            try {
                check = gateway.loanExists(reservation.region(), reservation.loanId());
            } catch (Exception e) {
                check = LoanCheck.UNKNOWN;
            }
            switch (check) {
                case EXISTS -> settled += reservations.settle(reservation.loanId(), true) ? 1 : 0;
                case NOT_FOUND -> settled += reservations.settle(reservation.loanId(), false) ? 1 : 0;
                case UNKNOWN -> unknown++;
            }
            if (check != LoanCheck.UNKNOWN) {
                LOG.infof("stale reservation %s settled by region %s: %s", LogSafe.clip(reservation.loanId(), 36),
                        LogSafe.clip(reservation.region(), 32), check == LoanCheck.EXISTS ? "ACTIVE" : "RELEASED");
            }
        }
        if (unknown > 0 && unknown != lastUnknown) {
            LOG.warnf("%d stale reservation(s) could not be settled (region unreachable or not configured); they "
                    + "stay counted", unknown);
        }
        lastUnknown = unknown;
        return settled;
    }
}
