package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.Panache;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.chaekieum.contracts.api.CategoryModifier;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;

/**
 * Everything a checkout decision needs to know of a member at one library, read in one statement: the member's
 * standing (and running suspension), whether they are registered at the library, their open loans there, and whether the item is out already.
 * The desk's hot path reads this twice (before asking the hub and again under the member's lock), so it is one round
 * trip and no entity is loaded.
 */
public record BorrowerStanding(MemberStatus status, String statusReason, MemberCategory category,
                               CategoryModifier modifier, LocalDate modifierExpiresOn, boolean registeredHere,
                               long loansHere, boolean itemOnLoan, LocalDate suspendedUntil,
                               String suspendedByLibrary) {

    private static final String QUERY = """
            select m.status, m.status_reason, m.category, m.category_modifier, m.modifier_expires_on,
                   m.suspended_until, m.suspended_by_library,
                   exists (select 1 from member_registration r where r.member_id = m.id and r.library_code = ?2),
                   (select count(*) from loan l where l.member_number = m.member_number and l.library_code = ?2
                        and l.returned_at is null),
                   exists (select 1 from loan i where i.item_barcode = ?3 and i.returned_at is null)
            from member m where m.member_number = ?1
            """;

    /** The standing, or empty when this region has no member with that number. Runs in the caller's transaction. */
    public static Optional<BorrowerStanding> of(String memberNumber, String libraryCode, String itemBarcode) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery(QUERY)
                .setParameter(1, memberNumber)
                .setParameter(2, libraryCode)
                .setParameter(3, itemBarcode)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new BorrowerStanding(
                MemberStatus.valueOf((String) r[0]),
                (String) r[1],
                MemberCategory.valueOf((String) r[2]),
                r[3] == null ? null : CategoryModifier.valueOf((String) r[3]),
                localDate(r[4]),
                (Boolean) r[7],
                ((Number) r[8]).longValue(),
                (Boolean) r[9],
                localDate(r[5]),
                r[6] == null ? null : ((String) r[6]).trim()));
    }

    private static LocalDate localDate(Object value) {
        if (value == null || value instanceof LocalDate) {
            return (LocalDate) value;
        }
        if (value instanceof Date date) {
            return date.toLocalDate();
        }
        throw new IllegalStateException("unexpected date type " + value.getClass());
    }
}
