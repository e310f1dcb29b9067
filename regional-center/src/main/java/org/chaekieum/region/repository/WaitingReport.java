package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A report of a local library system kept until it can be applied (see {@code LoanReportService}): a loan (kind
 * {@code LOAN}) of a member this region does not know yet or of an item still on loan under another key, or a return
 * (kind {@code RETURN}) reported before its loan. At most one is open per library, key and kind (a unique index).
 */
@Entity
@Table(name = "loan_report_waiting")
public class WaitingReport extends PanacheEntityBase {

    /** The unique index on the open report of a library, key and kind. */
    public static final String OPEN_INDEX = "loan_report_waiting_open";

    public static final String LOAN = "LOAN";
    public static final String RETURN = "RETURN";

    @Id
    public UUID id;

    public String libraryCode;

    public String localKey;

    public String kind;

    public String memberNumber;

    public String itemBarcode;

    public Instant checkedOutAt;

    public LocalDate dueOn;

    public String returnedAtLibrary;

    public Instant returnedAt;

    /** The error code of what holds it (MEMBER_NOT_FOUND, ITEM_ON_LOAN, LOAN_NOT_FOUND). */
    public String waitingFor;

    public Instant receivedAt;

    public int attempts;

    public Instant lastTriedAt;

    /** When it was applied (or cancelled); null while it waits. */
    public Instant appliedAt;

    /** {@code APPLIED}, {@code CANCELLED}, ... */
    public String outcome;

    public static Optional<WaitingReport> open(String libraryCode, String localKey, String kind) {
        return find("libraryCode = ?1 and localKey = ?2 and kind = ?3 and appliedAt is null", libraryCode, localKey,
                kind).firstResultOptional();
    }

    /** The open report, locked until the end of the transaction (its application and a cancel queue here). */
    public static Optional<WaitingReport> openLocked(String libraryCode, String localKey, String kind) {
        return find("libraryCode = ?1 and localKey = ?2 and kind = ?3 and appliedAt is null", libraryCode, localKey,
                kind).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The oldest reports still waiting, first received first. */
    public static List<WaitingReport> oldestOpen(int limit) {
        return find("appliedAt is null order by receivedAt, id").page(0, limit).list();
    }

    /** The member's reports still waiting, first received first. */
    public static List<WaitingReport> openOf(String memberNumber) {
        return list("memberNumber = ?1 and appliedAt is null order by receivedAt, id", memberNumber);
    }

    public static long openCount() {
        return count("appliedAt is null");
    }
}
