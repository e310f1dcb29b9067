package org.chaekieum.hub.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A number the hub refused because it breaks the numbering standard (kept for monitoring). */
@Entity
@Table(name = "refused_number")
public class RefusedNumber extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String memberNumber;

    public String region;

    public String errorCode;

    public String reason;

    public String eventId;

    public Instant refusedAt;

    public static List<RefusedNumber> recent(int limit) {
        return find("order by refusedAt desc, id desc").page(0, limit).list();
    }
}
