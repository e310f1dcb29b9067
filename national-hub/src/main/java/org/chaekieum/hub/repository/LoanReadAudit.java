package org.chaekieum.hub.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One read of a member's loans at the hub ({@code GET /api/v1/national/members/{n}/loans}): who (principal, OIDC
 * client, the role read as and a region service's region), which member, when. Written with the read; deleted after
 * {@code chaekieum.hub.loan-retention}.
 */
@Entity
@Table(name = "loan_read_audit")
public class LoanReadAudit extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String memberNumber;

    public String readBy;

    public String clientId;

    public String readAs;

    public String region;

    public Instant readAt;

    /** At most {@code batch} rows read before {@code cutoff}; runs in the caller's transaction. */
    public static int deleteReadBefore(Instant cutoff, int batch) {
        return getEntityManager().createNativeQuery("delete from loan_read_audit where id in (select id from "
                        + "loan_read_audit where read_at < ?1 order by read_at limit ?2)")
                .setParameter(1, cutoff)
                .setParameter(2, batch)
                .executeUpdate();
    }
}
