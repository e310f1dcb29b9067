package org.chaekieum.region.members;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.repository.Member;
import org.chaekieum.runtime.problem.ProblemException;

/** Reads members as a library of the region sees them. */
@ApplicationScoped
public class MemberQueries {

    @Inject
    EnrollmentService enrollment;

    /** The member registered at the library, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Member registered(String libraryCodeText, String memberNumber) {
        return atLibrary(libraryCodeText, memberNumber);
    }

    @Transactional
    public Member atLibrary(String libraryCodeText, String memberNumber) {
        LibraryCode library = LibraryCode.of(libraryCodeText);
        if (memberNumber == null || !memberNumber.matches("\\d{14}")) {
            throw new InvalidIdentifierException(ErrorCode.MEMBER_NUMBER_INVALID, "member number must be 14 digits");
        }
        enrollment.requireServed(library);
        Member member = Member.byNumber(memberNumber).orElse(null);
        if (member == null) {
            // Legacy numbers are stored as they are; only an unknown number is checked against the standard.
            UnifiedMemberNumber.parse(memberNumber);
            throw new ProblemException(ErrorCode.MEMBER_NOT_FOUND);
        }
        if (!member.isRegisteredAt(library.value())) {
            throw ProblemException.because(ErrorCode.MEMBER_NOT_FOUND, "not-registered-here", library)
                    .withContext(Map.of("memberNumber", memberNumber));
        }
        return member;
    }
}
