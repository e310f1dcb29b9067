package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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

    @Column(name = "updated_at")
    public Instant updatedAt;
}
