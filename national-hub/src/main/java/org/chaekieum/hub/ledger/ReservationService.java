package org.chaekieum.hub.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.contracts.api.LoanReservation;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.SuspensionView;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.Messages;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.hub.repository.LedgerStatus;
import org.chaekieum.hub.repository.LoanHolder;
import org.chaekieum.hub.repository.RegionRights;
import org.chaekieum.hub.suspensions.SuspensionRegistry;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * The national cap by reservations (the design before rights, still supported for regions configured with
 * {@code national-cap-by=RESERVATIONS}, and during a rolling switch): a place under the member's cap reserved before
 * the region commits a loan, released if it does not, confirmed by the loan's event ({@link LedgerService}), and
 * settled with the region's answer when it stays unconfirmed. Every reservation runs under the member's lock
 * ({@link LedgerService#lockMember}), the one the loan events and the rights ledger take, and leaves room for the rights
 * regions on rights hold.
 */
@ApplicationScoped
public class ReservationService {

    private static final Logger LOG = Logger.getLogger(ReservationService.class);

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    LibraryRegions regions;

    @Inject
    SuspensionRegistry suspensions;

    @Inject
    LedgerService ledger;

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
        ledger.lockMember(member);
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
                Map<String, Integer> perLibrary = ledger.openPerLibrary(member);
                return new Reserved(new LoanReservation(request.loanId(), ledger.capFor(member, request.region()),
                        NationalCapRule.total(perLibrary), NationalCapRule.sorted(perLibrary)), false);
            }
            // Released earlier (the region's commit failed) and asked again: a new reservation under the same id.
        }
        Map<String, Integer> perLibrary = ledger.openPerLibrary(member);
        int cap = ledger.capFor(member, request.region());
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
     * Reservations RESERVED since before {@code olderThan}, oldest first, after the given position (keyset: reserved
     * time, then loan id; null for the start), so that reservations whose region does not answer do not starve others.
     */
    @Transactional
    public List<StaleReservation> staleReservations(Instant olderThan, StaleReservation after, int limit) {
        String select = "select new org.chaekieum.hub.ledger.ReservationService$StaleReservation(l.loanId, l.region, "
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

    /**
     * Settles a stale reservation with the region's answer: the loan exists (ACTIVE) or it never did (RELEASED). Only
     * a reservation still RESERVED changes; the count can only stay or drop, so no lock is needed.
     */
    @Transactional
    public boolean settle(String loanId, boolean exists) {
        Instant now = now();
        Query q = em.createNativeQuery("update national_loan set status = ?2, confirmed_at = ?3, updated_at = ?4 "
                + "where loan_id = ?1 and status = 'RESERVED'");
        LedgerService.bind(q, 1, loanId, String.class);
        LedgerService.bind(q, 2, exists ? "ACTIVE" : "RELEASED", String.class);
        LedgerService.bind(q, 3, exists ? now : null, Instant.class);
        LedgerService.bind(q, 4, now, Instant.class);
        return q.executeUpdate() > 0;
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

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
