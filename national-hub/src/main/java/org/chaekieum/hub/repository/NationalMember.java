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
import java.util.Optional;
import org.chaekieum.contracts.api.CategoryModifier;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.id.NumberForm;

/** One unified member number in the national registry. No personal data: only the keyed identity hash. */
@Entity
@Table(name = "national_member")
public class NationalMember extends PanacheEntityBase {

    /** Statuses that no longer hold the person's identity (one person, one active number). */
    public static final List<MemberStatus> INACTIVE = List.of(MemberStatus.LINKED, MemberStatus.WITHDRAWN);

    @Id
    public String memberNumber;

    @Enumerated(EnumType.STRING)
    public NumberForm numberForm;

    public String issuingLibrary;

    public String region;

    /** Keyed hash of the identity key; null once the member withdrew (the hub then keeps number and status only). */
    public String identityHash;

    @Enumerated(EnumType.STRING)
    public MemberCategory category;

    @Enumerated(EnumType.STRING)
    public CategoryModifier categoryModifier;

    public LocalDate modifierExpiresOn;

    @Enumerated(EnumType.STRING)
    public MemberStatus status;

    public String linkedTo;

    public Instant registeredAt;

    public Instant updatedAt;

    public static Optional<NationalMember> byNumber(String memberNumber) {
        return findByIdOptional(memberNumber);
    }

    /** The active number (not LINKED nor WITHDRAWN) that holds this identity hash, if any. */
    public static Optional<NationalMember> activeByIdentity(String identityHash) {
        return find("identityHash = ?1 and status not in ?2", identityHash, INACTIVE).firstResultOptional();
    }

    /** Numbers linked as duplicates of another, newest first. */
    public static List<NationalMember> recentDuplicates(int limit) {
        return find("status = ?1 order by updatedAt desc, memberNumber", MemberStatus.LINKED).page(0, limit).list();
    }
}
