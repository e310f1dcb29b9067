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
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.ledger.LedgerService;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.hub.repository.RegionRights;
import org.chaekieum.hub.repository.RightsMove;
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

    RightsLedger(EntityManager em, Clock clock, LedgerService loans, MeterRegistry registry, LibraryRegions regions) {
        this.em = em;
        this.clock = clock;
        this.loans = loans;
        this.registry = registry;
        this.regions = regions;
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
            // back, and is then granted what came back.
            Instant now = now();
            seed(memberNumber, before, now);
            write(memberNumber, region, grant.after().heldBy(region), now);
            record(moveId, memberNumber, region, RightsMove.Kind.GRANTED, grant.granted(), now);
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
        MemberRights before = read(memberNumber, region);
        if (count < 0 || count > before.heldBy(region)) {
            throw ProblemException.invalid(List.of(Problem.FieldError.of("count", ErrorCode.FIELD_INVALID,
                    "rights-count", before.heldBy(region))));
        }
        MemberRights after = before.givenBack(region, count);
        Instant now = now();
        seed(memberNumber, before, now);
        write(memberNumber, region, after.heldBy(region), now);
        record(moveId, memberNumber, region, RightsMove.Kind.GIVEN, count, now);
        registry.counter(GIVEN_METRIC, "region", LogSafe.clip(region, 40)).increment(count);
        return view(memberNumber, after);
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
     * region holds are what the rows leave of the cap.
     *
     * <p>A member without any row yet (never asked for under rights, or lending before the federation switched to
     * rights) starts from the open loans the loan ledger holds: each region holds at least the rights its open loans
     * take (reserved and active, so a reservation not yet confirmed counts too). The write paths persist this start
     * with their change, under the member's lock.
     */
    private MemberRights read(String memberNumber, String askingRegion) {
        int cap = loans.capFor(memberNumber, askingRegion);
        TreeMap<String, Integer> held = new TreeMap<>();
        List<RegionRights> rows = RegionRights.ofMember(memberNumber);
        if (rows.isEmpty()) {
            held.putAll(openLoansByRegion(memberNumber));
        }
        for (RegionRights row : rows) {
            held.put(row.region, row.held);
        }
        int allocated = held.values().stream().mapToInt(Integer::intValue).sum();
        return new MemberRights(cap, cap - allocated, held);
    }

    /** The member's open loans (reserved and active) per region, from the loan ledger. */
    private Map<String, Integer> openLoansByRegion(String memberNumber) {
        Map<String, Integer> byRegion = new HashMap<>();
        loans.openPerLibrary(memberNumber).forEach((library, open) -> regions.regionOf(library)
                .ifPresent(region -> byRegion.merge(region, open, Integer::sum)));
        return byRegion;
    }

    /** Persists every region's rights of {@code rights} whose row is missing (the start from open loans). */
    private void seed(String memberNumber, MemberRights rights, Instant now) {
        if (!RegionRights.ofMember(memberNumber).isEmpty()) {
            return;
        }
        rights.held().forEach((region, held) -> write(memberNumber, region, held, now));
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
