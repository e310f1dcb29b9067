package org.chaekieum.hub.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.LoanReservation;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.SuspensionView;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.Messages;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.event.NationalCapOverrun;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.hub.repository.CapOverrun;
import org.chaekieum.hub.repository.LedgerStatus;
import org.chaekieum.hub.repository.LoanHolder;
import org.chaekieum.hub.repository.OpenLoanCount;
import org.chaekieum.hub.repository.RegionRights;
import org.chaekieum.hub.suspensions.SuspensionRegistry;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;
import org.hibernate.query.NativeQuery;
import org.jboss.logging.Logger;

/**
 * The national loan ledger's write side. Every change that can alter a member's count runs under the member's
 * transaction-scoped advisory lock ({@code pg_advisory_xact_lock(hashtext(member_number))}), so that concurrent
 * reservations for one member, from any region and any hub replica, are counted one after the other and never take the
 * member past the cap. The member need not be in the registry yet.
 */
@ApplicationScoped
public class LedgerService {

    private static final Logger LOG = Logger.getLogger(LedgerService.class);

    private static final String OPEN = "('RESERVED', 'ACTIVE')";

    /** Counter: national cap overruns found (degraded loans took a member past the cap), one per overrun recorded. */
    public static final String CAP_OVERRUNS_METRIC = "chaekieum.hub.cap.overruns";

    /** Counter, tag {@code rule}: loans a library system reported after the fact that went past a rule. */
    public static final String OVERRODE_METRIC = "chaekieum.hub.loans.overrode";

    /**
     * The rules a desk checks before a loan, which a loan reported after the fact may have gone past: their
     * {@value #OVERRODE_METRIC} counters exist, at 0, from the start (any other rule a region names gets its own at its
     * first overrun).
     */
    static final List<ErrorCode> CHECKOUT_RULES = List.of(ErrorCode.NATIONAL_CAP_REACHED, ErrorCode.LIBRARY_CAP_REACHED,
            ErrorCode.MEMBER_SUSPENDED, ErrorCode.MEMBER_NOT_ACTIVE, ErrorCode.ASSOCIATE_CANNOT_BORROW,
            ErrorCode.IMPORT_REQUIRED);

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    LibraryRegions regions;

    @Inject
    SuspensionRegistry suspensions;

    @Inject
    MeterRegistry registry;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** The overrun counters exist from the start, at 0: an alert on their increase sees the first one too. */
    void registerMetrics(@Observes StartupEvent event) {
        registry.counter(CAP_OVERRUNS_METRIC);
        for (ErrorCode rule : CHECKOUT_RULES) {
            registry.counter(OVERRODE_METRIC, "rule", rule.name());
        }
    }

    /** A reservation as answered, and whether this request made it (201) or found it (200). */
    public record Reserved(LoanReservation reservation, boolean created) {
    }

    /** A reservation still unconfirmed after the stale period. */
    public record StaleReservation(String loanId, String region, Instant reservedAt) {
    }

    /**
     * Reserves a place under the member's national cap for a loan the region is about to commit. Idempotent by loan
     * id: the same id again answers the existing reservation.
     *
     * @throws ProblemException NATIONAL_CAP_REACHED (409) when the member's open loans reach the cap
     */
    @Transactional
    public Reserved reserve(LoanReservationRequest request) {
        String member = request.memberNumber();
        // Before the member's lock, which serialises the member's reservations: keep the lock short.
        Optional<SuspensionView> suspended = suspensions.running(member, LocalDate.now(clock.withZone(SuspensionRegistry.ZONE)));
        if (suspended.isPresent() && !Boolean.TRUE.equals(request.warnOnly())) {
            LOG.infof("reservation %s for %s at %s refused: suspended until %s by %s",
                    LogSafe.clip(request.loanId(), 36), member, request.libraryCode(),
                    suspended.get().suspendedUntil(), suspended.get().setByLibrary());
            throw SuspensionRegistry.refusal(suspended.get());
        }
        lockMember(member);
        Instant now = now();
        Optional<LoanHolder> existing = LoanHolder.of(request.loanId());
        if (existing.isPresent()) {
            String holder = existing.get().memberNumber() == null ? null : existing.get().memberNumber().trim();
            LedgerStatus status = existing.get().status();
            if (holder == null && status != LedgerStatus.RELEASED) {
                // An ended loan whose member number the retention took off: whose it was is no longer known.
                throw ProblemException.because(ErrorCode.IDEMPOTENCY_KEY_REUSED, "loan-id-used", request.loanId());
            }
            if (holder != null && !holder.equals(member)) {
                throw ProblemException.because(ErrorCode.IDEMPOTENCY_KEY_REUSED, "loan-id-other-member",
                        request.loanId());
            }
            if (status != LedgerStatus.RELEASED) {
                Map<String, Integer> perLibrary = openPerLibrary(member);
                return new Reserved(new LoanReservation(request.loanId(), capFor(member, request.region()),
                        NationalCapRule.total(perLibrary), NationalCapRule.sorted(perLibrary)), false);
            }
            // Released earlier (the region's commit failed) and asked again: a new reservation under the same id.
        }
        Map<String, Integer> perLibrary = openPerLibrary(member);
        int cap = capFor(member, request.region());
        int takenByRights = takenWithRights(member, request.region(), perLibrary);
        if (!NationalCapRule.admits(cap, perLibrary) || takenByRights > cap) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("nationalCap", cap);
            context.put("activeLoans", NationalCapRule.total(perLibrary));
            context.put("loansPerLibrary", NationalCapRule.sorted(perLibrary));
            if (takenByRights > cap) {
                context.put("capTaken", takenByRights - 1); // by rights held and loans beyond them
            }
            LOG.infof("reservation %s for %s at %s refused: national cap %d reached", LogSafe.clip(request.loanId(), 36),
                    member, request.libraryCode(), cap);
            Messages.Text why = NationalCapRule.admits(cap, perLibrary) ? Messages.of(ErrorCode.NATIONAL_CAP_REACHED,
                    "rights-held-elsewhere", cap, NationalCapRule.total(perLibrary))
                    : NationalCapRule.describe(cap, perLibrary);
            throw ProblemException.because(ErrorCode.NATIONAL_CAP_REACHED, why).withContext(context);
        }
        ItemBarcode barcode = ItemBarcode.parse(request.itemBarcode());
        em.createNativeQuery("""
                        insert into national_loan (loan_id, member_number, library_code, owning_library, item_barcode,
                            region, status, degraded, due_on, reserved_at, updated_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, 'RESERVED', false, ?7, ?8, ?8)
                        on conflict (loan_id) do update set status = 'RESERVED',
                            member_number = excluded.member_number, library_code = excluded.library_code,
                            owning_library = excluded.owning_library, item_barcode = excluded.item_barcode,
                            region = excluded.region, due_on = excluded.due_on, reserved_at = excluded.reserved_at,
                            updated_at = excluded.updated_at
                        where national_loan.status = 'RELEASED'
                        """)
                .setParameter(1, request.loanId())
                .setParameter(2, member)
                .setParameter(3, request.libraryCode())
                .setParameter(4, barcode.owningLibrary().value())
                .setParameter(5, barcode.value())
                .setParameter(6, request.region())
                .setParameter(7, request.dueOn())
                .setParameter(8, now)
                .executeUpdate();
        perLibrary.merge(request.libraryCode(), 1, Integer::sum);
        return new Reserved(new LoanReservation(request.loanId(), cap, NationalCapRule.total(perLibrary),
                NationalCapRule.sorted(perLibrary), suspended.orElse(null)), true);
    }

    /** Gives a reserved place back (the region's commit failed). A no-op for any other state or an unknown id. */
    @Transactional
    public boolean release(String loanId) {
        return release(loanId, null);
    }

    /** As {@link #release(String)}, only when the reservation was made by this region (null: any region). */
    @Transactional
    public boolean release(String loanId, String byRegion) {
        int released = em.createNativeQuery("update national_loan set status = 'RELEASED', updated_at = ?2 "
                        + "where loan_id = ?1 and status = 'RESERVED' and (cast(?3 as text) is null or region = ?3)")
                .setParameter(1, loanId)
                .setParameter(2, now())
                .setParameter(3, byRegion)
                .executeUpdate();
        if (released > 0) {
            LOG.infof("reservation %s released by its region", LogSafe.clip(loanId, 36));
        }
        return released > 0;
    }

    /**
     * loan.created: the reservation becomes ACTIVE; a loan without one (made while the hub was unreachable) is
     * counted now, and if it takes the member past the cap the overrun is recorded and announced.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onLoanCreated(LoanCreated event, Instant now) {
        String member = event.memberNumber();
        if (!event.degraded() && confirmReservation(event, now)) {
            // The usual case: the reservation becomes the loan. The count does not change, so no member lock: this
            // runs inside the consumer's batch transaction, and a member lock held until the batch commits would make
            // the member's next reservations wait for the whole batch.
            return;
        }
        lockMember(member);
        Optional<LedgerStatus> before = LoanHolder.of(event.loanId()).map(LoanHolder::status);
        em.createNativeQuery("""
                        insert into national_loan (loan_id, member_number, library_code, owning_library, item_barcode,
                            region, status, degraded, due_on, checked_out_at, confirmed_at, updated_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, 'ACTIVE', ?7, ?8, ?9, ?10, ?10)
                        on conflict (loan_id) do update set
                            status = case when national_loan.status = 'RETURNED' then 'RETURNED' else 'ACTIVE' end,
                            member_number = case when national_loan.status = 'RETURNED' then national_loan.member_number
                                else excluded.member_number end,
                            library_code = excluded.library_code, owning_library = excluded.owning_library,
                            item_barcode = excluded.item_barcode, region = excluded.region,
                            degraded = excluded.degraded, due_on = excluded.due_on,
                            checked_out_at = excluded.checked_out_at,
                            confirmed_at = coalesce(national_loan.confirmed_at, excluded.confirmed_at),
                            updated_at = excluded.updated_at
                        """)
                .setParameter(1, event.loanId())
                .setParameter(2, member)
                .setParameter(3, event.libraryCode())
                .setParameter(4, event.owningLibrary())
                .setParameter(5, event.itemBarcode())
                .setParameter(6, event.region())
                .setParameter(7, event.degraded())
                .setParameter(8, event.dueOn())
                .setParameter(9, event.checkedOutAt())
                .setParameter(10, now)
                .executeUpdate();
        boolean counted = before.isEmpty() || before.get() == LedgerStatus.RELEASED;
        if (before.isEmpty() || before.get() == LedgerStatus.RESERVED || before.get() == LedgerStatus.RELEASED) {
            recordOverrode(event, now); // the loan's first arrival: a redelivery finds it ACTIVE (or RETURNED)
        }
        LOG.debugf("loan %s confirmed (%s -> ACTIVE%s)", LogSafe.clip(event.loanId(), 36),
                before.map(Enum::name).orElse("none"), event.degraded() ? ", degraded" : "");
        if (!counted) {
            // Confirming a reservation does not change the count; a returned loan stays returned.
            return;
        }
        Map<String, Integer> perLibrary = openPerLibrary(member);
        int cap = capFor(member, event.region());
        if (NationalCapRule.overrun(cap, perLibrary) == 0) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<String> degraded = em.createNativeQuery("select loan_id from national_loan where member_number = "
                        + "cast(?1 as bpchar) and status = 'ACTIVE' and degraded order by checked_out_at, loan_id")
                .setParameter(1, member)
                .getResultList();
        int open = NationalCapRule.total(perLibrary);
        CapOverrun overrun = new CapOverrun();
        overrun.memberNumber = member;
        overrun.nationalCap = cap;
        overrun.activeLoans = open;
        overrun.loanIds = String.join(",", degraded);
        overrun.detectedAt = now;
        overrun.persist();
        outbox.append(new NationalCapOverrun(member, cap, open, degraded, now), now);
        countAfterCommit(registry.counter(CAP_OVERRUNS_METRIC));
        LOG.warnf("national cap overrun: member %s holds %d open loans, cap %d (%d degraded loan(s)); reported",
                member, open, cap, degraded.size());
    }

    /**
     * Counts once the transaction has committed: a consumer batch that rolls back and is applied again one event at a
     * time counts its overruns once.
     */
    private void countAfterCommit(Counter counter) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    counter.increment();
                }
            }
        });
    }

    /**
     * A loan a local library system reported after the fact went past rules (error codes in {@code overrode}): one
     * overrun per rule, even under the national cap, counted and logged. The unique index on loan and rule keeps it
     * one row however often the event arrives.
     */
    private void recordOverrode(LoanCreated event, Instant now) {
        if (event.overrode() == null || event.overrode().isEmpty()) {
            return;
        }
        String member = event.memberNumber();
        Map<String, Integer> perLibrary = openPerLibrary(member);
        int cap = capFor(member, event.region());
        int open = NationalCapRule.total(perLibrary);
        for (String rule : new LinkedHashSet<>(event.overrode())) {
            if (rule == null || rule.isBlank()) {
                continue;
            }
            String clipped = rule.length() > 40 ? rule.substring(0, 40) : rule;
            int recorded = em.createNativeQuery("""
                            insert into cap_overrun (member_number, national_cap, active_loans, loan_ids, detected_at,
                                rule)
                            values (?1, ?2, ?3, ?4, ?5, ?6)
                            on conflict (loan_ids, rule) where rule <> 'NATIONAL_CAP' do nothing
                            """)
                    .setParameter(1, member)
                    .setParameter(2, cap)
                    .setParameter(3, open)
                    .setParameter(4, event.loanId())
                    .setParameter(5, now)
                    .setParameter(6, clipped)
                    .executeUpdate();
            if (recorded > 0) {
                countAfterCommit(registry.counter(OVERRODE_METRIC, "rule", clipped));
                LOG.warnf("reported loan %s at %s went past %s (member %s, %d open loans, cap %d): recorded",
                        LogSafe.clip(event.loanId(), 36), event.libraryCode(), clipped, member, open, cap);
            }
        }
    }

    /**
     * loan.transit-changed (and a transit step the hub routed): the item moved on. Forward only, so that events arriving
     * out of order (an erased member's events have no key) never move an item back.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void onTransitChanged(String loanId, TransitState state, Instant at) {
        int updated = em.createNativeQuery("""
                        update national_loan set transit = ?2, transit_updated_at = ?3, updated_at = ?4
                        where loan_id = ?1 and status = 'RETURNED'
                          and (transit is null or array_position(array['RETURNED_ELSEWHERE', 'SHIPPED', 'BACK_HOME'],
                               cast(transit as text)) < array_position(array['RETURNED_ELSEWHERE', 'SHIPPED', 'BACK_HOME'],
                               cast(?2 as text)))
                        """)
                .setParameter(1, loanId)
                .setParameter(2, state.name())
                .setParameter(3, at)
                .setParameter(4, now())
                .executeUpdate();
        LOG.debugf("loan %s in transit: %s%s", LogSafe.clip(loanId, 36), state, updated == 0 ? " (no change)" : "");
    }

    /** RESERVED -> ACTIVE for the reservation the loan was made under; false when there is none to confirm. */
    private boolean confirmReservation(LoanCreated event, Instant now) {
        int confirmed = em.createNativeQuery("""
                        update national_loan set status = 'ACTIVE', library_code = ?3, owning_library = ?4,
                            item_barcode = ?5, region = ?6, due_on = ?7, checked_out_at = ?8,
                            confirmed_at = ?9, updated_at = ?9
                        where loan_id = ?1 and member_number = cast(?2 as bpchar) and status = 'RESERVED'
                        """)
                .setParameter(1, event.loanId())
                .setParameter(2, event.memberNumber())
                .setParameter(3, event.libraryCode())
                .setParameter(4, event.owningLibrary())
                .setParameter(5, event.itemBarcode())
                .setParameter(6, event.region())
                .setParameter(7, event.dueOn())
                .setParameter(8, event.checkedOutAt())
                .setParameter(9, now)
                .executeUpdate();
        if (confirmed > 0) {
            LOG.debugf("loan %s confirmed (RESERVED -> ACTIVE)", LogSafe.clip(event.loanId(), 36));
        }
        return confirmed > 0;
    }

    /** loan.renewed: the new due date (and renewal count) of an open loan. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onLoanRenewed(LoanRenewed event, Instant now) {
        int updated = em.createNativeQuery("update national_loan set due_on = ?2, renewals = greatest(renewals, ?3), "
                        + "updated_at = ?4 where loan_id = ?1 and status in " + OPEN)
                .setParameter(1, event.loanId())
                .setParameter(2, event.dueOn())
                .setParameter(3, event.renewals())
                .setParameter(4, now)
                .executeUpdate();
        if (updated == 0) {
            LOG.debugf("renewal of loan %s not open in the ledger, ignored", LogSafe.clip(event.loanId(), 36));
        }
    }

    /** loan.returned: the loan ends (idempotent; a loan already RETURNED keeps its first return). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onLoanReturned(LoanReturned event, Instant now) {
        markReturned(event.loanId(), event.memberNumber(), event.libraryCode(), null, null,
                regions.regionOf(event.libraryCode()).orElse(null), null, null, false, event.returnedAt(),
                event.returnedAtLibrary(), now);
    }

    /**
     * The owning region accepted a routed return: the loan ends in the ledger at once, so that the member's count
     * drops before the region's loan.returned event arrives.
     */
    @Transactional
    public void onRoutedReturn(LoanView loan, FederatedReturn request, String region) {
        Instant returnedAt = loan.returnedAt() != null ? loan.returnedAt() : request.returnedAt();
        String at = loan.returnedAtLibrary() != null ? loan.returnedAtLibrary() : request.returnedAtLibrary();
        String library = loan.libraryCode() != null ? loan.libraryCode()
                : ItemBarcode.parse(request.itemBarcode()).owningLibrary().value();
        markReturned(loan.loanId(), loan.memberNumber(), library, loan.owningLibrary(), loan.itemBarcode(), region,
                loan.dueOn(), loan.checkedOutAt(), loan.degraded(), returnedAt, at, now());
    }

    private void markReturned(String loanId, String member, String libraryCode, String owningLibrary, String barcode,
                              String region, LocalDate dueOn, Instant checkedOutAt, boolean degraded,
                              Instant returnedAt, String returnedAtLibrary, Instant now) {
        Query q = em.createNativeQuery("""
                        insert into national_loan (loan_id, member_number, library_code, owning_library, item_barcode,
                            region, status, degraded, due_on, checked_out_at, returned_at, returned_at_library,
                            updated_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, 'RETURNED', ?7, ?8, ?9, ?10, ?11, ?12)
                        on conflict (loan_id) do update set status = 'RETURNED', returned_at = excluded.returned_at,
                            returned_at_library = excluded.returned_at_library, updated_at = excluded.updated_at
                        where national_loan.status <> 'RETURNED'
                        """);
        // 타관반납: returned away from the library that lent it (its owner), the item starts its way home.
        String transitSql = """
                update national_loan set transit = 'RETURNED_ELSEWHERE', transit_updated_at = returned_at
                where loan_id = ?1 and transit is null and returned_at_library <> library_code
                """;
        bind(q, 1, loanId, String.class);
        bind(q, 2, member, String.class);
        bind(q, 3, libraryCode, String.class);
        bind(q, 4, owningLibrary, String.class);
        bind(q, 5, barcode, String.class);
        bind(q, 6, region, String.class);
        bind(q, 7, degraded, Boolean.class);
        bind(q, 8, dueOn, LocalDate.class);
        bind(q, 9, checkedOutAt, Instant.class);
        bind(q, 10, returnedAt, Instant.class);
        bind(q, 11, returnedAtLibrary, String.class);
        bind(q, 12, now, Instant.class);
        int changed = q.executeUpdate();
        em.createNativeQuery(transitSql).setParameter(1, loanId).executeUpdate();
        LOG.debugf("loan %s returned at %s%s", LogSafe.clip(loanId, 36), LogSafe.clip(returnedAtLibrary, 6),
                changed == 0 ? " (already returned)" : "");
    }

    /**
     * Reservations RESERVED since before {@code olderThan}, oldest first, after the given position (keyset: reserved
     * time, then loan id; null for the start), so that reservations whose region does not answer do not starve others.
     */
    @Transactional
    public List<StaleReservation> staleReservations(Instant olderThan, StaleReservation after, int limit) {
        String select = "select new org.chaekieum.hub.ledger.LedgerService$StaleReservation(l.loanId, l.region, "
                + "l.reservedAt) from NationalLoan l where l.status = ?1 and l.reservedAt < ?2 ";
        String order = "order by l.reservedAt, l.loanId";
        TypedQuery<StaleReservation> query = after == null
                ? em.createQuery(select + order, StaleReservation.class)
                : em.createQuery(select + "and (l.reservedAt > ?3 or (l.reservedAt = ?3 and l.loanId > ?4)) " + order,
                        StaleReservation.class)
                        .setParameter(3, after.reservedAt())
                        .setParameter(4, after.loanId());
        return query.setParameter(1, LedgerStatus.RESERVED)
                .setParameter(2, olderThan)
                .setMaxResults(limit)
                .getResultList();
    }

    /** A timestamp column of a native query, whatever type the driver answers it with. */
    public static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    /**
     * Settles a stale reservation with the region's answer: the loan exists (ACTIVE) or it never did (RELEASED). Only
     * a reservation still RESERVED changes; the count can only stay or drop, so no lock is needed.
     */
    @Transactional
    public boolean settle(String loanId, boolean exists) {
        Instant now = now();
        Query q = em.createNativeQuery("update national_loan set status = ?2, confirmed_at = ?3, updated_at = ?4 "
                + "where loan_id = ?1 and status = 'RESERVED'");
        bind(q, 1, loanId, String.class);
        bind(q, 2, exists ? "ACTIVE" : "RELEASED", String.class);
        bind(q, 3, exists ? now : null, Instant.class);
        bind(q, 4, now, Instant.class);
        return q.executeUpdate() > 0;
    }

    /** The member's open loans (RESERVED + ACTIVE) by library code. */
    public Map<String, Integer> openPerLibrary(String member) {
        Map<String, Integer> perLibrary = new LinkedHashMap<>();
        for (OpenLoanCount open : OpenLoanCount.ofMembers(List.of(member))) {
            perLibrary.put(open.libraryCode().trim(), (int) open.open());
        }
        return perLibrary;
    }

    /**
     * The part of the member's cap taken once one more loan is made in {@code region}, when regions hold rights of it
     * (issue 17): each region takes the rights it holds, or its open loans where they are more (this one's counting
     * the new loan). A reservation must fit in what rights leave: a region still reserving during a rolling switch to
     * rights never lends on rights another region holds. Without rights rows, the open loans and the new one.
     */
    int takenWithRights(String member, String region, Map<String, Integer> perLibrary) {
        Map<String, Integer> taken = new HashMap<>();
        perLibrary.forEach((library, open) -> regions.regionOf(library)
                .ifPresent(r -> taken.merge(r, open, Integer::sum)));
        taken.merge(region, 1, Integer::sum);
        for (RegionRights row : RegionRights.ofMember(member)) {
            taken.merge(row.region, row.held, Math::max);
        }
        return taken.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The cap of the member's home region (registry), else of the region asking. */
    public int capFor(String member, String requestingRegion) {
        if (!regions.anyRegionalCap()) {
            return regions.capOf(null);
        }
        @SuppressWarnings("unchecked")
        List<String> home = em.createNativeQuery("select region from national_member "
                        + "where member_number = cast(?1 as bpchar)")
                .setParameter(1, member)
                .getResultList();
        return regions.capOf(home.isEmpty() ? requestingRegion : home.get(0));
    }

    /** Serialises every change of the member's count and rights, from any region and any hub replica, until commit. */
    public void lockMember(String member) {
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext(cast(?1 as text)))) l")
                .setParameter(1, member)
                .getSingleResult();
    }

    /** Binds with an explicit type, so that a null reaches PostgreSQL as a typed null. */
    private static <T> void bind(Query query, int position, T value, Class<T> type) {
        @SuppressWarnings("unchecked")
        NativeQuery<Object> nativeQuery = query.unwrap(NativeQuery.class);
        nativeQuery.setParameter(position, value, type);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
