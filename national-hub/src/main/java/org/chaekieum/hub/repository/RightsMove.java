package org.chaekieum.hub.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One move of a member's rights, by the id the region gave it (table {@code rights_move}); a repeated id is answered by it. */
@Entity
@Table(name = "rights_move")
public class RightsMove extends PanacheEntityBase {

    /** Which way the rights went. */
    public enum Kind {
        /** From the unallocated ones to a region. */
        GRANTED,
        /** From a region back to the unallocated ones (the region debited itself first). */
        GIVEN
    }

    @Id
    public String moveId;

    public String memberNumber;

    public String region;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public int count;

    public Instant movedAt;

    public static Optional<RightsMove> byId(String moveId) {
        return findByIdOptional(moveId);
    }
}
