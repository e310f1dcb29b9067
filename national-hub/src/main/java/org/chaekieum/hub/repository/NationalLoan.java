package org.chaekieum.hub.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One loan in the national ledger (read side; writes go through {@code LedgerService}'s conditional SQL under the
 * member's advisory lock). No personal data: numbers and codes only.
 */
@Entity
@Table(name = "national_loan")
public class NationalLoan extends PanacheEntityBase {

    @Id
    @Column(name = "loan_id", length = 36)
    public String loanId;

    @Column(name = "member_number", length = 14, nullable = false)
    public String memberNumber;

    @Column(name = "library_code", length = 6, nullable = false)
    public String libraryCode;

    @Column(name = "owning_library", length = 6)
    public String owningLibrary;

    @Column(name = "item_barcode", length = 19)
    public String itemBarcode;

    @Column(name = "region")
    public String region;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    public LedgerStatus status;

    @Column(name = "degraded", nullable = false)
    public boolean degraded;

    @Column(name = "renewals", nullable = false)
    public int renewals;

    @Column(name = "due_on")
    public LocalDate dueOn;

    @Column(name = "checked_out_at")
    public Instant checkedOutAt;

    @Column(name = "returned_at")
    public Instant returnedAt;

    @Column(name = "returned_at_library", length = 6)
    public String returnedAtLibrary;

    /** 타관반납: where the item is on its way home; null for a loan returned at its own library (or not returned). */
    @Enumerated(EnumType.STRING)
    public org.chaekieum.contracts.api.TransitState transit;

    @Column(name = "transit_updated_at")
    public Instant transitUpdatedAt;

    @Column(name = "reserved_at")
    public Instant reservedAt;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The member's ACTIVE loans, oldest first. */
    public static List<NationalLoan> activeOf(String memberNumber) {
        return find("memberNumber = ?1 and status = ?2 order by checkedOutAt, loanId", memberNumber,
                LedgerStatus.ACTIVE).list();
    }
}
