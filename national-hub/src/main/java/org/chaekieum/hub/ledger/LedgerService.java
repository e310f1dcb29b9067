package org.chaekieum.hub.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
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
import org.chaekieum.hub.suspensions.SuspensionRegistry;
import org.chaekieum.runtime.outbox.Outbox;
import org.hibernate.query.NativeQuery;
import org.jboss.logging.Logger;

/**
 * The national loan ledger's write side for loans: their events (created, renewed, in transit, returned) and the
 * returns routed through the hub; reservations are {@link ReservationService}'s. Every change that can alter a member's count runs under the member's
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

    /** The member's open loans (RESERVED + ACTIVE) by library code. */
    public Map<String, Integer> openPerLibrary(String member) {
        Map<String, Integer> perLibrary = new LinkedHashMap<>();
        for (OpenLoanCount open : OpenLoanCount.ofMembers(List.of(member))) {
            perLibrary.put(open.libraryCode().trim(), (int) open.open());
        }
        return perLibrary;
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
    static <T> void bind(Query query, int position, T value, Class<T> type) {
        @SuppressWarnings("unchecked")
        NativeQuery<Object> nativeQuery = query.unwrap(NativeQuery.class);
        nativeQuery.setParameter(position, value, type);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
