package org.chaekieum.region.circulation;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.chaekieum.contracts.api.RightsGiven;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.RightsHeld;
import org.chaekieum.contracts.rights.RightsBalance;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.repository.HeldRights;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.region.repository.RightsMove;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * The rights of members' national caps this region holds (issue 17): a checkout lends on a free right without asking
 * the hub ({@link RightsBalance}); rights the hub grants are credited here once per move id; rights the hub asks back
 * are debited here first, under the member's lock, before the hub credits anyone else, so a right is never in two
 * places. The member's active loans here are the rights in use: a return frees its right where the loan was.
 */
@ApplicationScoped
public class NationalRights {

    private static final Logger LOG = Logger.getLogger(NationalRights.class);

    /** Counter, tag {@code kind} ({@code credited}, {@code given}): rights moved to or from this region. */
    public static final String MOVED_METRIC = "chaekieum.rights.moved";

    private final Clock clock;
    private final MeterRegistry registry;
    private final Outbox outbox;
    private final RegionConfig region;

    NationalRights(Clock clock, MeterRegistry registry, Outbox outbox, RegionConfig region) {
        this.clock = clock;
        this.registry = registry;
        this.outbox = outbox;
        this.region = region;
    }

    /**
     * The member's rights here and the active loans that take them; in the caller's transaction. The region holds the
     * rights of its row, and never fewer than its active loans: loans made before the federation switched to rights
     * (or under the degraded rule) take rights where they are, as the hub counts them (its row, never fewer than the
     * open loans it knows of here), so both sides agree without a migration and nothing is free until the hub grants
     * more. The first credit or give persists the row.
     */
    public static RightsBalance balance(String memberNumber) {
        int inUse = (int) Loan.count("memberNumber = ?1 and returnedAt is null", memberNumber);
        HeldRights row = HeldRights.findById(memberNumber);
        return new RightsBalance(row == null ? inUse : Math.max(row.held, inUse), inUse);
    }

    /** {@link #balance} in a transaction of its own (a read before or after the hub is asked). */
    public RightsBalance balanceNow(String memberNumber) {
        return QuarkusTransaction.requiringNew().call(() -> balance(memberNumber));
    }

    /**
     * Credits what the hub granted under {@code moveId}, once: the same move again (a retried ask answered twice, or
     * the grant's event after its answer) changes nothing. In a transaction of its own, under the member's lock.
     */
    public void credit(String memberNumber, String moveId, int granted) {
        if (granted <= 0) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> creditHere(memberNumber, moveId, granted));
    }

    /**
     * {@link #credit} in the caller's transaction (the hub's {@code rights.granted} event: a grant whose answer never
     * came); takes the member's lock. True when credited now, false when the move was credited before.
     */
    public boolean creditHere(String memberNumber, String moveId, int granted) {
        Desk.lockMember(memberNumber);
        if (granted <= 0 || RightsMove.findById(moveId) != null) {
            return false;
        }
        RightsBalance after = balance(memberNumber).credited(granted);
        Instant now = now();
        write(memberNumber, after.held(), now);
        record(moveId, memberNumber, RightsMove.Kind.CREDITED, granted, now);
        outbox.append(new RightsHeld(memberNumber, region.id(), moveId, RightsHeld.Kind.CREDITED, granted,
                after.held(), now), now);
        registry.counter(MOVED_METRIC, "kind", "credited").increment(granted);
        return true;
    }

    /**
     * Gives back up to {@code asked} of the member's free rights, as the hub asks: debited here first, under the
     * member's lock, and recorded under {@code moveId}, so the same ask again answers the same count and debits nothing
     * more.
     */
    public RightsGiven give(String memberNumber, String moveId, int asked) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Desk.lockMember(memberNumber);
            RightsMove earlier = RightsMove.findById(moveId);
            if (earlier != null) {
                if (earlier.kind != RightsMove.Kind.GIVEN || !earlier.memberNumber.trim().equals(memberNumber)) {
                    throw ProblemException.because(ErrorCode.IDEMPOTENCY_KEY_REUSED, "move-id-other", moveId);
                }
                return new RightsGiven(memberNumber, moveId, earlier.count, HeldRights.of(memberNumber));
            }
            RightsBalance before = balance(memberNumber);
            int given = before.givable(asked);
            RightsBalance after = before.given(given);
            Instant now = now();
            if (given > 0) {
                write(memberNumber, after.held(), now);
                // The hub records the give from this event too, should this answer never reach it.
                outbox.append(new RightsHeld(memberNumber, region.id(), moveId, RightsHeld.Kind.GIVEN, given,
                        after.held(), now), now);
            }
            record(moveId, memberNumber, RightsMove.Kind.GIVEN, given, now);
            registry.counter(MOVED_METRIC, "kind", "given").increment(given);
            LOG.debugf("gave %d of %d asked rights of %s back to the hub (move %s)", given, asked, memberNumber,
                    moveId);
            return new RightsGiven(memberNumber, moveId, given, after.held());
        });
    }

    private void write(String memberNumber, int held, Instant now) {
        HeldRights row = HeldRights.findById(memberNumber);
        if (row == null) {
            row = new HeldRights();
            row.memberNumber = memberNumber;
            row.held = held;
            row.updatedAt = now;
            row.persist();
        } else {
            row.held = held;
            row.updatedAt = now;
        }
    }

    private void record(String moveId, String memberNumber, RightsMove.Kind kind, int count, Instant now) {
        RightsMove move = new RightsMove();
        move.moveId = moveId;
        move.memberNumber = memberNumber;
        move.kind = kind;
        move.count = count;
        move.movedAt = now;
        move.persist();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
