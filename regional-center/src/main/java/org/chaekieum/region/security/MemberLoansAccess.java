package org.chaekieum.region.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.repository.Member;
import org.chaekieum.runtime.problem.ProblemException;
import org.chaekieum.runtime.security.TokenClaims;
import org.jboss.logging.Logger;

/**
 * Who may read a member's loans nationwide, and the audit of each read: a library system only a member registered
 * (enrolled or imported) at one of the libraries of its token's {@code library_codes}; a regional operator only a
 * member registered in its own region. Anyone else gets {@link ErrorCode#MEMBER_NOT_FOUND}, exactly as for a number
 * nobody holds (member numbers are sequential: the answer must not tell which exist).
 */
@ApplicationScoped
public class MemberLoansAccess {

    private static final Logger LOG = Logger.getLogger(MemberLoansAccess.class);

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    Caller caller;

    @Inject
    RegionConfig region;

    @Inject
    Clock clock;

    /** For whom a read is made: the library a library system reads for (null for an operator), and the region. */
    public record Reader(String libraryCode, String region) {
    }

    /** The reader the current caller is for this member, or {@link ErrorCode#MEMBER_NOT_FOUND}. */
    public Reader requireMayRead(String memberNumber) {
        SecurityIdentity identity = identities.getIdentity();
        List<String> registeredAt = QuarkusTransaction.requiringNew().call(() -> registrations(memberNumber));
        return readerOf(identity, registeredAt).orElseThrow(() -> {
            LOG.infof("loans of a member refused to %s: not registered where it acts", caller.clientId());
            return new ProblemException(ErrorCode.MEMBER_NOT_FOUND);
        });
    }

    private Optional<Reader> readerOf(SecurityIdentity identity, List<String> registeredAt) {
        if (identity == null || identity.isAnonymous() || registeredAt.isEmpty()) {
            return Optional.empty();
        }
        if (identity.hasRole(Access.LIBRARY_SYSTEM)) {
            List<String> own = TokenClaims.list(identity, Access.LIBRARY_CODES);
            Optional<String> library = registeredAt.stream().filter(own::contains).findFirst();
            if (library.isPresent()) {
                return Optional.of(new Reader(library.get(), region.id()));
            }
        }
        if (identity.hasRole(Access.REGION_OPERATOR)
                && region.id().equals(TokenClaims.text(identity, Access.REGION).orElse(null))) {
            return Optional.of(new Reader(null, region.id()));
        }
        return Optional.empty();
    }

    /** Records a read that was answered, in a transaction of its own (before the answer leaves). */
    public void audit(Reader reader, String memberNumber) {
        String client = caller.clientId();
        QuarkusTransaction.requiringNew().run(() -> Member.getEntityManager().createNativeQuery(
                        "insert into member_loans_read (read_at, client_id, library_code, region, member_number)"
                                + " values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, clock.instant()).setParameter(2, client).setParameter(3, reader.libraryCode())
                .setParameter(4, reader.region()).setParameter(5, memberNumber)
                .executeUpdate());
    }

    /** The libraries of this region at which the member is registered (enrolled or imported), in registration order. */
    @SuppressWarnings("unchecked")
    private List<String> registrations(String memberNumber) {
        List<String> codes = Member.getEntityManager().createNativeQuery("select r.library_code from"
                        + " member_registration r join member m on m.id = r.member_id where m.member_number = ?1"
                        + " order by r.registered_at")
                .setParameter(1, memberNumber).getResultList();
        return codes.stream().map(String::trim).filter(code -> region.libraries().contains(code)).toList();
    }
}
