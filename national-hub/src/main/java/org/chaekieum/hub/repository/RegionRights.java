package org.chaekieum.hub.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** The rights of one member's national cap that one region holds, in the hub's ledger (table {@code member_rights}). */
@Entity
@Table(name = "member_rights")
@IdClass(RegionRights.Key.class)
public class RegionRights extends PanacheEntityBase {

    @Id
    public String memberNumber;

    @Id
    public String region;

    public int held;

    public Instant updatedAt;

    /** Every region's rows for the member; the caller holds the member's lock when it will change them. */
    public static List<RegionRights> ofMember(String memberNumber) {
        return list("memberNumber = ?1 order by region", memberNumber);
    }

    /** The rows of these members. */
    public static List<RegionRights> ofMembers(Collection<String> memberNumbers) {
        return list("memberNumber in ?1", memberNumbers);
    }

    /** The composite key: member number and region. */
    public static class Key implements Serializable {
        public String memberNumber;
        public String region;

        public Key() {
        }

        public Key(String memberNumber, String region) {
            this.memberNumber = memberNumber;
            this.region = region;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(memberNumber, key.memberNumber)
                    && Objects.equals(region, key.region);
        }

        @Override
        public int hashCode() {
            return Objects.hash(memberNumber, region);
        }
    }
}
