package org.chaekieum.hub.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.chaekieum.contracts.api.TransitState;

/**
 * One loan in the national ledger (read side; writes go through {@code LedgerService}'s conditional SQL under the
 * member's advisory lock). No personal data: numbers and codes only.
 */
@Entity
@Table(name = "national_loan")
public class NationalLoan extends PanacheEntityBase {

    @Id
    public String loanId;

    /** Null once the loan ended and was anonymised (retention or the member's withdrawal): never for an open loan. */
    public String memberNumber;

    public String libraryCode;

    public String owningLibrary;

    public String itemBarcode;

    public String region;

    @Enumerated(EnumType.STRING)
    public LedgerStatus status;

    public boolean degraded;

    public int renewals;

    public LocalDate dueOn;

    public Instant checkedOutAt;

    public Instant returnedAt;

    public String returnedAtLibrary;

    /** 타관반납: where the item is on its way home; null for a loan returned at its own library (or not returned). */
    @Enumerated(EnumType.STRING)
    public TransitState transit;

    public Instant transitUpdatedAt;

    public Instant reservedAt;

    public Instant confirmedAt;

    public Instant updatedAt;

    /** The member's ACTIVE loans, oldest first. */
    public static List<NationalLoan> activeOf(String memberNumber) {
        return find("memberNumber = ?1 and status = ?2 order by checkedOutAt, loanId", memberNumber,
                LedgerStatus.ACTIVE).list();
    }
}
