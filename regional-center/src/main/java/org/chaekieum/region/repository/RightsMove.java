package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One move of a member's rights at this region, by its id (table {@code rights_move}). */
@Entity
@Table(name = "rights_move")
public class RightsMove extends PanacheEntityBase {

    /** Which way the rights went. */
    public enum Kind {
        /** Granted here by the hub. */
        CREDITED,
        /** Given back to the hub when it asked. */
        GIVEN
    }

    @Id
    public String moveId;

    public String memberNumber;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public int count;

    public Instant movedAt;
}
