package org.chaekieum.hub.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
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

    @Column(name = "member_number", nullable = false)
    public String memberNumber;

    @Column(name = "region", nullable = false)
    public String region;

    @Column(name = "error_code", nullable = false)
    public String errorCode;

    @Column(name = "reason")
    public String reason;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(name = "refused_at", nullable = false)
    public Instant refusedAt;

    public static List<RefusedNumber> recent(int limit) {
        return find("order by refusedAt desc, id desc").page(0, limit).list();
    }
}
