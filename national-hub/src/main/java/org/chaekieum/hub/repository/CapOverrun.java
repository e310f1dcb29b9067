package org.chaekieum.hub.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * Degraded loans took a member past the national cap (rule NATIONAL_CAP: kept for operators, announced as
 * cap.overrun.v1), or a loan a local library system reported went past a rule (rule = that rule's error code).
 */
@Entity
@Table(name = "cap_overrun")
public class CapOverrun extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String memberNumber;

    public int nationalCap;

    public int activeLoans;

    /** The member's degraded ACTIVE loan ids, comma-separated. */
    public String loanIds;

    public Instant detectedAt;

    /** The rule gone past: {@link #NATIONAL_CAP}, or the error code of a rule a reported loan overrode. */
    public String rule = NATIONAL_CAP;

    public static final String NATIONAL_CAP = "NATIONAL_CAP";

    public static List<CapOverrun> recent(int limit) {
        return find("order by detectedAt desc, id desc").page(0, limit).list();
    }
}
