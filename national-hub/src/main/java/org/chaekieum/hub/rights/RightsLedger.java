package org.chaekieum.hub.rights;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.chaekieum.contracts.api.MemberRightsView;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.RightsGrant;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.RightsGranted;
import org.chaekieum.contracts.event.RightsHeld;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.ledger.LedgerService;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.hub.repository.RegionRights;
import org.chaekieum.hub.repository.RightsMove;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * The hub's ledger of rights (issue 17), persisted: {@link MemberRights} read from and written to {@code member_rights},
 * every move recorded in {@code rights_move} by the id its region gave it. Each change runs under the member's advisory
 * lock, the one the loan ledger takes, so that concurrent asks for one member, from any region and any hub replica,
 * are answered one after the other and never grant a right twice.
 */
@ApplicationScoped
public class RightsLedger {

    private static final Logger LOG = Logger.getLogger(RightsLedger.class);

    /**
     * Counter, tags {@code region} and {@code outcome} ({@code granted}, {@code none}, {@code repeated}): grants the hub
     * tried for regions' asks. An ask that finds rights unallocated counts one {@code granted}; an ask that needs other
     * regions to give counts a {@code none} first and one more try per holder. A member who borrows in one region is
     * granted once in the member's life; a steady rate of {@code granted} means rights move back and forth.
     */
    public static final String REQUESTS_METRIC = "chaekieum.hub.rights.requests";

    /** Counter, tag {@code region}: rights regions gave back. */
    public static final String GIVEN_METRIC = "chaekieum.hub.rights.given";

    private final EntityManager em;
    private final Clock clock;
    private final LedgerService loans;
    private final MeterRegistry registry;
    private final LibraryRegions regions;
    private final Outbox outbox;

    RightsLedger(EntityManager em, Clock clock, LedgerService loans, MeterRegistry registry, LibraryRegions regions,
                 Outbox outbox) {
        this.em = em;
        this.clock = clock;
        this.loans = loans;
        this.registry = registry;
        this.regions = regions;
        this.outbox = outbox;
    }

    /** The member's rights as the ledger holds them now (all unallocated for a member never asked for). */
    @Transactional
    public MemberRightsView rightsOf(String memberNumber) {
        MemberRights rights = read(memberNumber, null);
        return view(memberNumber, rights);
    }

    /**
     * Grants {@code region} every unallocated right of the member ({@link MemberRights#grant}); none when none is left.
     * Idempotent by {@code moveId}: the same id again answers the recorded grant and moves nothing.
     *
     * @throws ProblemException IDEMPOTENCY_KEY_REUSED (422) when the id names another member, region or kind of move
     */
    @Transactional
    public RightsGrant grant(String memberNumber, String region, String moveId) {
        loans.lockMember(memberNumber);
        Optional<RightsMove> earlier = RightsMove.byId(moveId);
        if (earlier.isPresent()) {
            RightsMove move = sameMove(earlier.get(), memberNumber, region, RightsMove.Kind.GRANTED, moveId);
            MemberRights rights = read(memberNumber, region);
            count(region, "repeated");
            return answer(memberNumber, region, moveId, move.count, rights);
        }
        MemberRights before = read(memberNumber, region);
        MemberRights.Grant grant = before.grant(region);
        if (grant.granted() > 0) {
            // Only a grant is recorded: an ask that found nothing may be asked again under its id, once rights came
            // back, and is then granted what came back. Its event reaches the region even if this answer does not.
            Instant now = now();
            int held = grant.after().heldBy(region);
            write(memberNumber, region, held, now);
            record(moveId, memberNumber, region, RightsMove.Kind.GRANTED, grant.granted(), now);
            outbox.append(new RightsGranted(memberNumber, region, moveId, grant.granted(), held, before.cap(), now),
                    now);
        }
        count(region, grant.granted() > 0 ? "granted" : "none");
        LOG.debugf("rights of %s: %d granted to %s (move %s), ledger %s", memberNumber, grant.granted(),
                LogSafe.clip(region, 40), LogSafe.clip(moveId, 64), grant.after());
        return answer(memberNumber, region, moveId, grant.granted(), grant.after());
    }

    /**
     * Records that {@code region} gave {@code count} of the member's rights back (it debited itself first): they are
     * unallocated again. Idempotent by {@code moveId}.
     *
     * @throws ProblemException VALIDATION_FAILED (400) when the region holds fewer than {@code count} in the ledger;
     *                          IDEMPOTENCY_KEY_REUSED (422) when the id was used for another move or another count
     */
    @Transactional
    public MemberRightsView givenBack(String memberNumber, String region, String moveId, int count) {
        loans.lockMember(memberNumber);
        Optional<RightsMove> earlier = RightsMove.byId(moveId);
        if (earlier.isPresent()) {
            RightsMove move = sameMove(earlier.get(), memberNumber, region, RightsMove.Kind.GIVEN, moveId);
            if (move.count != count) {
                throw ProblemException.because(ErrorCode.IDEMPOTENCY_KEY_REUSED, "move-count-differs", moveId,
                        move.count, count);
            }
            return view(memberNumber, read(memberNumber, region));
        }
        int stored = storedHeld(memberNumber, region);
        if (count < 0 || count > stored) {
            throw ProblemException.invalid(List.of(Problem.FieldError.of("count", ErrorCode.FIELD_INVALID,
                    "rights-count", stored)));
        }
        Instant now = now();
        write(memberNumber, region, stored - count, now);
        record(moveId, memberNumber, region, RightsMove.Kind.GIVEN, count, now);
        registry.counter(GIVEN_METRIC, "region", LogSafe.clip(region, 40)).increment(count);
        return view(memberNumber, read(memberNumber, region));
    }

    /**
     * A region's report of what it holds after a move ({@link RightsHeld}, through its outbox): kept for reconciliation,
     * the latest move per region winning; and a give whose answer never reached this hub (a timeout, a crash between
     * the region's debit and the hub's record) is recorded here, once by its id, so the rights it gave are unallocated
     * again rather than lost. A give the ledger cannot take (more than it says the region holds) changes nothing and
     * is logged: reconciliation reports the difference.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onHeld(RightsHeld event, Instant now) {
        String memberNumber = event.memberNumber();
        loans.lockMember(memberNumber);
        em.createNativeQuery("""
                        insert into rights_report (member_number, region, held, move_id, moved_at, received_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6)
                        on conflict (member_number, region) do update set held = excluded.held,
                            move_id = excluded.move_id, moved_at = excluded.moved_at, received_at = excluded.received_at
                        where rights_report.moved_at <= excluded.moved_at""")
                .setParameter(1, memberNumber)
                .setParameter(2, event.region())
                .setParameter(3, event.held())
                .setParameter(4, event.moveId())
                .setParameter(5, event.movedAt())
                .setParameter(6, now)
                .executeUpdate();
        if (event.kind() != RightsHeld.Kind.GIVEN || event.count() <= 0
                || RightsMove.byId(event.moveId()).isPresent()) {
            return;
        }
        int stored = storedHeld(memberNumber, event.region());
        if (event.count() > stored) {
            LOG.errorf("region %s reports giving %d rights of %s (move %s); the ledger gives it %d: not applied",
                    LogSafe.clip(event.region(), 32), event.count(), memberNumber, LogSafe.clip(event.moveId(), 64),
                    stored);
            return;
        }
        write(memberNumber, event.region(), stored - event.count(), now);
        record(event.moveId(), memberNumber, event.region(), RightsMove.Kind.GIVEN, event.count(), now);
        registry.counter(GIVEN_METRIC, "region", LogSafe.clip(event.region(), 40)).increment(event.count());
        LOG.infof("rights of %s: a give of %d by %s (move %s) recorded from its event, its answer never came",
                memberNumber, event.count(), LogSafe.clip(event.region(), 32), LogSafe.clip(event.moveId(), 64));
    }

    /**
     * Whom to ask, in order, to give rights back to {@code asker} ({@link MemberRights#asks}): the other holders, the
     * one with the most rights not taken by the active loans the hub knows of first.
     */
    @Transactional
    public List<MemberRights.Ask> asks(String memberNumber, String asker) {
        return read(memberNumber, asker).asks(asker, 1, openLoansByRegion(memberNumber));
    }

    /**
     * The ledger of the member, its cap that of the member's home region (else of {@code askingRegion}); the rights no
     * region holds are what the regions' holdings leave of the cap.
     *
     * <p>A region holds the rights of its row, and never fewer than its open loans in the loan ledger (reserved and
     * active): loans made before the federation switched to rights, by a region still reserving during a rolling
     * switch, or under the degraded rule take rights where they are. A region counts the same way, its row against its
     * active loans ({@code NationalRights#balance}), so a member never asked for under rights starts from the open
     * loans, without a migration, and no right is handed out that such a loan already takes.
     */
    private MemberRights read(String memberNumber, String askingRegion) {
        int cap = loans.capFor(memberNumber, askingRegion);
        TreeMap<String, Integer> held = new TreeMap<>(openLoansByRegion(memberNumber));
        for (RegionRights row : RegionRights.ofMember(memberNumber)) {
            held.merge(row.region, row.held, Math::max);
        }
        int allocated = held.values().stream().mapToInt(Integer::intValue).sum();
        return new MemberRights(cap, cap - allocated, held);
    }

    /** What the region's row holds (0 without one), not counting open loans beyond it. */
    private static int storedHeld(String memberNumber, String region) {
        RegionRights row = RegionRights.findById(new RegionRights.Key(memberNumber, region));
        return row == null ? 0 : row.held;
    }

    /** The member's open loans (reserved and active) per region, from the loan ledger. */
    public Map<String, Integer> openLoansByRegion(String memberNumber) {
        Map<String, Integer> byRegion = new HashMap<>();
        loans.openPerLibrary(memberNumber).forEach((library, open) -> regions.regionOf(library)
                .ifPresent(region -> byRegion.merge(region, open, Integer::sum)));
        return byRegion;
    }

    private void write(String memberNumber, String region, int held, Instant now) {
        RegionRights row = RegionRights.findById(new RegionRights.Key(memberNumber, region));
        if (row == null) {
            row = new RegionRights();
            row.memberNumber = memberNumber;
            row.region = region;
            row.held = held;
            row.updatedAt = now;
            row.persist();
        } else {
            row.held = held;
            row.updatedAt = now;
        }
    }

    private void record(String moveId, String memberNumber, String region, RightsMove.Kind kind, int count,
                        Instant now) {
        RightsMove move = new RightsMove();
        move.moveId = moveId;
        move.memberNumber = memberNumber;
        move.region = region;
        move.kind = kind;
        move.count = count;
        move.movedAt = now;
        move.persist();
        em.flush();
    }

    private static RightsMove sameMove(RightsMove move, String memberNumber, String region, RightsMove.Kind kind,
                                       String moveId) {
        if (!move.memberNumber.trim().equals(memberNumber) || !move.region.equals(region) || move.kind != kind) {
            throw ProblemException.because(ErrorCode.IDEMPOTENCY_KEY_REUSED, "move-id-other", moveId);
        }
        return move;
    }

    private void count(String region, String outcome) {
        registry.counter(REQUESTS_METRIC, "region", LogSafe.clip(region, 40), "outcome", outcome).increment();
    }

    private static RightsGrant answer(String memberNumber, String region, String moveId, int granted,
                                      MemberRights rights) {
        return new RightsGrant(memberNumber, region, moveId, granted, rights.heldBy(region), rights.cap(),
                rights.unallocated());
    }

    private static MemberRightsView view(String memberNumber, MemberRights rights) {
        return new MemberRightsView(memberNumber, rights.cap(), rights.unallocated(), new TreeMap<>(rights.held()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
