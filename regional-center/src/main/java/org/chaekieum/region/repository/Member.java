package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.chaekieum.contracts.api.CategoryModifier;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.id.NumberForm;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A member of one of this region's libraries, with the personal data that never leaves the region.
 *
 * <p>An entity write names only the columns it changes ({@link DynamicUpdate}): the suspension and the last activity
 * are set by single statements that do not go through this entity, and a whole-row write from an older read would
 * put their previous values back without anyone noticing.
 */
@Entity
@DynamicUpdate
@Table(name = "member")
public class Member extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String memberNumber;

    @Enumerated(EnumType.STRING)
    public NumberForm numberForm;

    public String issuingLibrary;

    public String name;

    public LocalDate birthDate;

    public String phone;

    public String address;

    public String identityHash;

    @Enumerated(EnumType.STRING)
    public MemberCategory category;

    @Enumerated(EnumType.STRING)
    public MemberStatus status;

    public String statusReason;

    /** The library that expelled the member (status EXPELLED); null otherwise, and for expulsions recorded earlier. */
    public String expelledByLibrary;

    public String linkedTo;

    public String guardianName;

    public String guardianPhone;

    public Instant guardianConsentAt;

    public Instant personalDataConsentAt;

    public Instant thirdPartyTransferConsentAt;

    public Instant enrolledAt;

    public Instant updatedAt;

    /** A copy of a member whose home is another region. */
    public boolean imported;

    /** The home region of an imported copy; null for this region's own members (and while unknown). */
    public String homeRegion;

    @Enumerated(EnumType.STRING)
    public CategoryModifier categoryModifier;

    public LocalDate modifierExpiresOn;

    public long profileVersion = 1;

    /** An imported copy whose profile must (again) be fetched from the home region. */
    public boolean profilePending;

    public Instant importConsentAt;

    public Instant erasedAt;

    public Instant lastActivityAt;

    /** Suspended from borrowing through this day (inclusive); null when never suspended. */
    public LocalDate suspendedUntil;

    public String suspendedByLibrary;

    public String suspensionReason;

    public Instant suspensionSetAt;

    @Version
    public long version;

    /** Whether this member's record is kept here (not a copy of another region's member). */
    public boolean isHome() {
        return !imported;
    }

    /** Not withdrawn, expelled or merged into another number. */
    public boolean isActive() {
        return status != MemberStatus.WITHDRAWN && status != MemberStatus.EXPELLED && status != MemberStatus.LINKED;
    }

    /**
     * Empties every personal field (withdrawal, retention, or the home region's erasure of a copy). The number, status
     * and dates stay; a library's card passwords go too.
     */
    public void erasePersonalData(Instant at, String reason) {
        name = null;
        birthDate = null;
        phone = null;
        address = null;
        identityHash = null;
        guardianName = null;
        guardianPhone = null;
        // A suspension's reason is free text a library wrote about the member: it goes too (its dates stay).
        suspensionReason = null;
        status = MemberStatus.WITHDRAWN;
        statusReason = reason;
        profilePending = false;
        erasedAt = at;
        updatedAt = at;
        getEntityManager()
                .createNativeQuery("update member_registration set password_hash = null where member_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        // The loan history stays, anonymised.
        getEntityManager()
                .createNativeQuery("update loan set member_number = null where member_number = ?1 and returned_at is not null")
                .setParameter(1, memberNumber)
                .executeUpdate();
        // Who read the member's loans stays (when, which client, for which library), without whose they were.
        getEntityManager()
                .createNativeQuery("update member_loans_read set member_number = null where member_number = ?1")
                .setParameter(1, memberNumber)
                .executeUpdate();
    }

    /** Whether the member's personal data was erased (withdrawal, retention, the home region's erasure of a copy). */
    public boolean isErased() {
        return erasedAt != null;
    }

    /**
     * Removes an imported copy from this region altogether (retention): its personal data and its history here are
     * erased as in {@link #erasePersonalData}, then its registrations and the copy itself are deleted. The member imports
     * again to use a library of this region. In the caller's transaction.
     */
    public void removeCopy(Instant at) {
        erasePersonalData(at, "Copy removed by the retention rule.");
        getEntityManager().createNativeQuery("delete from member_registration where member_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        delete();
    }

    public static Optional<Member> byNumber(String memberNumber) {
        return find("memberNumber", memberNumber).firstResultOptional();
    }

    /** The member, locked until the end of the transaction: read-modify-writes of one member queue here. */
    public static Optional<Member> byNumberLocked(String memberNumber) {
        return find("memberNumber", memberNumber).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The member holding this identity who is still in use (not linked away, not withdrawn). */
    public static Optional<Member> activeByIdentityHash(String identityHash) {
        return find("identityHash = ?1 and status not in ?2", identityHash,
                List.of(MemberStatus.LINKED, MemberStatus.WITHDRAWN)).firstResultOptional();
    }

    public boolean isRegisteredAt(String libraryCode) {
        return getEntityManager()
                .createNativeQuery("select 1 from member_registration where member_id = ?1 and library_code = ?2")
                .setParameter(1, id).setParameter(2, libraryCode)
                .getResultStream().findAny().isPresent();
    }

    public void registerAt(String libraryCode, Instant at) {
        registerAt(libraryCode, at, null, null, null);
    }

    /** Registers the member at a library of this region (idempotent). */
    public void registerAt(String libraryCode, Instant at, String requestedBy, Instant consentAt, String passwordHash) {
        getEntityManager()
                .createNativeQuery("insert into member_registration (member_id, library_code, registered_at, requested_by,"
                        + " consent_at, password_hash) values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing")
                .setParameter(1, id).setParameter(2, libraryCode).setParameter(3, at).setParameter(4, requestedBy)
                .setParameter(5, consentAt).setParameter(6, passwordHash)
                .executeUpdate();
    }
}
