package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.chaekieum.contracts.api.TransitState;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A loan made at one of this region's libraries. An entity write names only the columns it changes
 * ({@link DynamicUpdate}), so that it never puts back a member number that an erasure has just removed.
 */
@Entity
@DynamicUpdate
@Table(name = "loan")
public class Loan extends PanacheEntityBase {

    @Id
    public UUID id;

    public String memberNumber;

    public String libraryCode;

    public String itemBarcode;

    public Instant checkedOutAt;

    public LocalDate dueOn;

    public int renewals;

    public boolean degraded;

    public Instant returnedAt;

    public String returnedAtLibrary;

    @Enumerated(EnumType.STRING)
    public TransitState transit;

    public Instant transitUpdatedAt;

    /** When the daily overdue run found this loan past its due date (null: not yet, or returned in time). */
    public Instant overdueMarkedAt;

    /** The loan's key in the lending library's own system (로컬KEY), when that system reported it after the fact. */
    public String localKey;

    /** The rules a reported loan went past (error codes, comma-separated); null when none. */
    public String overrode;

    /** When a reported loan was undone (K21): ended as if never lent. */
    public Instant undoneAt;

    @Version
    public long version;

    public boolean isActive() {
        return returnedAt == null;
    }

    /**
     * The item's active loan, locked until the end of the transaction ({@code select ... for update}). A concurrent
     * return of the same item waits here, then finds the loan ended and so no active loan: one return ends it, the
     * others are told it is not on loan, and no optimistic-lock conflict reaches anyone.
     */
    public static Optional<Loan> activeByItemLocked(String itemBarcode) {
        return find("itemBarcode = ?1 and returnedAt is null", itemBarcode).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /**
     * The item's active loan, for a read only (not locked): a change of the loan locks it with
     * {@link #activeByItemLocked}.
     */
    public static Optional<Loan> activeOfItem(String itemBarcode) {
        return find("itemBarcode = ?1 and returnedAt is null", itemBarcode).firstResultOptional();
    }

    /** The item's loan that ended last (the item's latest return), if any. */
    public static Optional<Loan> lastReturnOf(String itemBarcode) {
        return find("itemBarcode = ?1 and returnedAt is not null order by returnedAt desc", itemBarcode)
                .firstResultOptional();
    }

    /** A loan by id, locked until the end of the transaction (renewals and transit steps of one loan queue here). */
    public static Optional<Loan> byIdLocked(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The latest loan with this key at the library (active or ended), if any. */
    public static Optional<Loan> latestByKey(String libraryCode, String localKey) {
        return find("libraryCode = ?1 and localKey = ?2 order by checkedOutAt desc, returnedAt desc nulls first",
                libraryCode, localKey).firstResultOptional();
    }

    /** {@link #latestByKey}, locked until the end of the transaction. */
    public static Optional<Loan> latestByKeyLocked(String libraryCode, String localKey) {
        return find("libraryCode = ?1 and localKey = ?2 order by checkedOutAt desc, returnedAt desc nulls first",
                libraryCode, localKey).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public static long activeAt(String memberNumber, String libraryCode) {
        return count("memberNumber = ?1 and libraryCode = ?2 and returnedAt is null", memberNumber, libraryCode);
    }

    public static List<Loan> activeOf(String memberNumber) {
        return list("memberNumber = ?1 and returnedAt is null order by checkedOutAt", memberNumber);
    }

    public static long activeDegradedOf(String memberNumber) {
        return count("memberNumber = ?1 and returnedAt is null and degraded = true", memberNumber);
    }
}
