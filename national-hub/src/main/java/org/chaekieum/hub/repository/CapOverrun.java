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

/** Degraded loans took a member past the national cap: kept for operators, announced as cap.overrun.v1. */
@Entity
@Table(name = "cap_overrun")
public class CapOverrun extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "member_number", length = 14, nullable = false)
    public String memberNumber;

    @Column(name = "national_cap", nullable = false)
    public int nationalCap;

    @Column(name = "active_loans", nullable = false)
    public int activeLoans;

    /** The member's degraded ACTIVE loan ids, comma-separated. */
    @Column(name = "loan_ids", nullable = false)
    public String loanIds;

    @Column(name = "detected_at", nullable = false)
    public Instant detectedAt;

    public static List<CapOverrun> recent(int limit) {
        return find("order by detectedAt desc, id desc").page(0, limit).list();
    }
}
