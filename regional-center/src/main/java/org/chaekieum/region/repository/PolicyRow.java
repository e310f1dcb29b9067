package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A library's own loan policy (library_policy). */
@Entity
@Table(name = "library_policy")
public class PolicyRow extends PanacheEntityBase {

    @Id
    @Column(name = "library_code")
    public String libraryCode;

    @Column(name = "loan_cap")
    public int loanCap;

    @Column(name = "loan_period_days")
    public int loanPeriodDays;

    @Column(name = "renewal_limit")
    public int renewalLimit;

    @Column(name = "renewal_days")
    public int renewalDays;

    @Column(name = "multi_child_loan_cap")
    public Integer multiChildLoanCap;

    @Column(name = "suspension_offset_before")
    public Integer suspensionOffsetBefore;

    @Column(name = "suspension_weight", precision = 5, scale = 2)
    public java.math.BigDecimal suspensionWeight;

    @Column(name = "suspension_offset_after")
    public Integer suspensionOffsetAfter;

    @Enumerated(EnumType.STRING)
    @Column(name = "suspension_counting")
    public org.chaekieum.contracts.api.SuspensionPolicy.Counting suspensionCounting;

    @Column(name = "suspension_skip_closed_days")
    public Boolean suspensionSkipClosedDays;

    @Column(name = "suspension_max_days")
    public Integer suspensionMaxDays;

    @Column(name = "suspension_warn_only")
    public Boolean suspensionWarnOnly;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
