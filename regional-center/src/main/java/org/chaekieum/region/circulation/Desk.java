package org.chaekieum.region.circulation;

import java.time.Instant;
import java.util.List;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.repository.Member;
import org.chaekieum.runtime.persistence.DatabaseFailures;
import org.chaekieum.runtime.problem.ProblemException;

/** What every circulation write shares: field checks, the member's lock and last activity, and constraint names. */
final class Desk {

    private Desk() {
    }

    /** The member's last activity (retention counts from it); a plain update, not a versioned entity write. */
    static void touchMember(String memberNumber, Instant at) {
        Member.getEntityManager()
                .createNativeQuery("update member set last_activity_at = ?2 where member_number = ?1")
                .setParameter(1, memberNumber).setParameter(2, at).executeUpdate();
    }

    /**
     * The member's lock until commit: every change of the member's loans and rights here (checkout, return, reported
     * loans, rights given or credited) takes it first, so that rules checked under it hold when the change commits.
     */
    static void lockMember(String memberNumber) {
        Member.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, memberNumber).getSingleResult();
    }

    static void libraryField(List<FieldError> errors, String libraryCode) {
        if (!LibraryCode.isValid(libraryCode)) {
            errors.add(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID));
        }
    }

    static ItemBarcode barcode(List<FieldError> errors, String text) {
        try {
            return ItemBarcode.parse(text);
        } catch (InvalidIdentifierException e) {
            errors.add(FieldError.of("itemBarcode", e.code()));
            return null;
        }
    }

    static ProblemException emptyBody() {
        return ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body");
    }

    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** Whether the write failed on the named constraint or unique index (by its name, not the message). */
    static boolean violates(Throwable e, String constraint) {
        return DatabaseFailures.violates(e, constraint);
    }
}
