package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The rights of one member's national cap this region holds (table {@code member_rights}). */
@Entity
@Table(name = "member_rights")
public class HeldRights extends PanacheEntityBase {

    @Id
    public String memberNumber;

    public int held;

    public Instant updatedAt;

    /** What the region holds for the member: 0 without a row. */
    public static int of(String memberNumber) {
        HeldRights row = findById(memberNumber);
        return row == null ? 0 : row.held;
    }
}
