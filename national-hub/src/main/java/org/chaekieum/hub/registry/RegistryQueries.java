package org.chaekieum.hub.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.IdentityLookupRequest;
import org.chaekieum.contracts.api.IdentityLookupResponse;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.NationalMemberView;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.hub.repository.NationalMember;
import org.chaekieum.hub.repository.RefusedNumber;
import org.chaekieum.hub.rest.DuplicateView;
import org.chaekieum.hub.rest.RefusalView;
import org.chaekieum.runtime.problem.ProblemException;

/** Read side of the national registry. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RegistryQueries {

    public NationalMemberView member(String memberNumber) {
        if (memberNumber == null || memberNumber.length() != 14 || !memberNumber.chars().allMatch(Character::isDigit)) {
            throw new InvalidIdentifierException(ErrorCode.MEMBER_NUMBER_INVALID, "member number must be 14 digits");
        }
        NationalMember m = NationalMember.byNumber(memberNumber).orElse(null);
        if (m == null) {
            // A legacy number (migrated) has no check digit; only an unknown number is held to the standard.
            UnifiedMemberNumber.parse(memberNumber);
            throw ProblemException.because(ErrorCode.MEMBER_NOT_FOUND, "not-in-registry", memberNumber);
        }
        return new NationalMemberView(m.memberNumber, m.numberForm, m.issuingLibrary, m.region, m.category, m.status,
                m.linkedTo, m.registeredAt, m.updatedAt);
    }

    /** What the registry holds under a number, detached from the persistence context (for the transfer routing). */
    public Optional<RegistryEntry> entry(String memberNumber) {
        return NationalMember.byNumber(memberNumber)
                .map(m -> new RegistryEntry(m.memberNumber, m.region, m.identityHash, m.status, m.linkedTo));
    }

    /** A registry row as the transfer routing needs it. {@code identityHash} is null once the member withdrew. */
    public record RegistryEntry(String memberNumber, String region, String identityHash,
                                MemberStatus status, String linkedTo) {
        @Override
        public String toString() {
            return "RegistryEntry[" + memberNumber + ", " + region + ", " + status + "]";
        }
    }

    public IdentityLookupResponse lookup(IdentityLookupRequest request) {
        if (request == null || request.identityHash() == null || request.identityHash().isBlank()) {
            throw ProblemException.because(ErrorCode.VALIDATION_FAILED, "identity-hash-required")
                    .withErrors(List.of(Problem.FieldError.of("identityHash", ErrorCode.FIELD_REQUIRED)));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!FieldChecks.line(errors, "identityHash", request.identityHash(), IdentityLookupRequest.IDENTITY_HASH_MAX)) {
            throw ProblemException.invalid(errors);
        }
        return NationalMember.activeByIdentity(request.identityHash())
                .map(m -> new IdentityLookupResponse(true, m.memberNumber, m.issuingLibrary, m.region, m.status))
                .orElseGet(IdentityLookupResponse::none);
    }

    public List<RefusalView> refusals(int limit) {
        return RefusedNumber.recent(limit).stream()
                .map(r -> new RefusalView(r.memberNumber, r.region, r.errorCode, r.reason, r.eventId, r.refusedAt))
                .toList();
    }

    public List<DuplicateView> duplicates(int limit) {
        return NationalMember.recentDuplicates(limit).stream()
                .map(m -> new DuplicateView(m.memberNumber, m.issuingLibrary, m.region, m.linkedTo, m.registeredAt,
                        m.updatedAt))
                .toList();
    }
}
