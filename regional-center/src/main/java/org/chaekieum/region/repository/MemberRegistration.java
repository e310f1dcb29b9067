package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A member's registration at one library of the region, as far as its card password goes: the library's own password
 * (a hash, see {@code PasswordHasher}; null when the library keeps none) and the wrong passwords typed in a row. The
 * registration itself is written by {@link Member#registerAt}; an entity write here names only the columns it changes.
 */
@Entity
@DynamicUpdate
@IdClass(MemberRegistration.Key.class)
@Table(name = "member_registration")
public class MemberRegistration extends PanacheEntityBase {

    @Id
    public Long memberId;

    @Id
    public String libraryCode;

    /** Never leaves the region's database: not in an answer, an event or a log line. */
    public String passwordHash;

    public int passwordFailures;

    public Instant passwordFailuresSince;

    public Instant passwordLockedUntil;

    /** The registration, or empty when the member is not registered at the library. Not locked: for a read. */
    public static Optional<MemberRegistration> of(long memberId, String libraryCode) {
        return find("memberId = ?1 and libraryCode = ?2", memberId, libraryCode).firstResultOptional();
    }

    /**
     * The registration, locked until the end of the transaction ({@code select ... for update}): concurrent attempts
     * at the same card password are counted one after the other, none lost.
     */
    public static Optional<MemberRegistration> lockedOf(long memberId, String libraryCode) {
        return find("memberId = ?1 and libraryCode = ?2", memberId, libraryCode)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    @Override
    public String toString() {
        return "MemberRegistration[member " + memberId + " at " + libraryCode + "]";
    }

    /** The composite key (member, library). */
    public static class Key implements Serializable {
        public Long memberId;
        public String libraryCode;

        public Key() {
        }

        public Key(Long memberId, String libraryCode) {
            this.memberId = memberId;
            this.libraryCode = libraryCode;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(memberId, k.memberId)
                    && Objects.equals(libraryCode, k.libraryCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(memberId, libraryCode);
        }
    }
}
