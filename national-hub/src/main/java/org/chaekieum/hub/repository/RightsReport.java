package org.chaekieum.hub.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What a region says it holds of a member's rights after its latest move (table {@code rights_report}, from its
 * {@code rights.held.v1} events); written by the event consumer, read by reconciliation.
 */
@Entity
@Table(name = "rights_report")
@IdClass(RegionRights.Key.class)
public class RightsReport extends PanacheEntityBase {

    @Id
    public String memberNumber;

    @Id
    public String region;

    public int held;

    public String moveId;

    public Instant movedAt;

    public Instant receivedAt;

    /** The reports of these members. */
    public static List<RightsReport> ofMembers(Collection<String> memberNumbers) {
        return list("memberNumber in ?1", memberNumbers);
    }
}
