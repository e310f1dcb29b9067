package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.chaekieum.contracts.api.SuspensionPolicy;

/** A library's own loan policy (library_policy). */
@Entity
@Table(name = "library_policy")
public class PolicyRow extends PanacheEntityBase {

    @Id
    public String libraryCode;

    public int loanCap;

    public int loanPeriodDays;

    public int renewalLimit;

    public int renewalDays;

    public Integer multiChildLoanCap;

    public Integer suspensionOffsetBefore;

    @Column(precision = 5, scale = 2)
    public java.math.BigDecimal suspensionWeight;

    public Integer suspensionOffsetAfter;

    @Enumerated(EnumType.STRING)
    public SuspensionPolicy.Counting suspensionCounting;

    public Boolean suspensionSkipClosedDays;

    public Integer suspensionMaxDays;

    public Boolean suspensionWarnOnly;

    public Instant updatedAt;
}
