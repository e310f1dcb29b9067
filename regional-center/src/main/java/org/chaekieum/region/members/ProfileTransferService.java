package org.chaekieum.region.members;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.repository.TransferAudit;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * The home region's side of an import: hands the profile fields a library needs to another region (through the hub),
 * after checking the identity hash against the member's, and records what left, for whom, with which consent.
 * A refused request is recorded too.
 */
@ApplicationScoped
public class ProfileTransferService {

    private static final Logger LOG = Logger.getLogger(ProfileTransferService.class);
    /** The identity hash as every region forms it ({@link IdentityHasher}: HMAC-SHA256, lower-case hex). */
    private static final Pattern IDENTITY_HASH = Pattern.compile("[0-9a-f]{64}");

    @Inject
    RegionConfig region;

    @Inject
    TransferAudit audit;

    @Inject
    Clock clock;

    public MemberProfile provide(String memberNumber, ProfileTransferRequest request) {
        validate(memberNumber, request);
        Member member = QuarkusTransaction.requiringNew().call(() -> Member.byNumber(memberNumber).orElse(null));
        if (member == null || !member.isHome()) {
            throw new ProblemException(ErrorCode.MEMBER_NOT_FOUND);
        }
        if (!IdentityHasher.same(member.identityHash, request.identityHash())) {
            refuse(memberNumber, request, "REFUSED_IDENTITY_MISMATCH");
            throw new ProblemException(ErrorCode.IDENTITY_MISMATCH);
        }
        if (!member.isActive()) {
            refuse(memberNumber, request, "REFUSED_NOT_ACTIVE");
            throw new ProblemException(ErrorCode.MEMBER_NOT_ACTIVE);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Member m = Member.byNumber(memberNumber).orElseThrow();
            Instant now = clock.instant();
            audit.record(memberNumber, TransferAudit.Direction.OUTGOING, request.requestingRegion(), request.libraryCode(),
                    request.requestedBy(), request.purpose().name(), MemberProfile.FIELDS, request.consentAt(), "SENT", now);
            LOG.infof("profile of %s sent to %s for library %s (%s)", memberNumber, request.requestingRegion(),
                    request.libraryCode(), request.purpose());
            return new MemberProfile(m.memberNumber, m.numberForm, m.issuingLibrary, region.id(), m.name, m.birthDate,
                    m.phone, m.address, m.category, m.categoryModifier, m.modifierExpiresOn, m.status, m.guardianName,
                    m.guardianPhone, m.profileVersion);
        });
    }

    private void refuse(String memberNumber, ProfileTransferRequest request, String outcome) {
        QuarkusTransaction.requiringNew().run(() -> audit.record(memberNumber, TransferAudit.Direction.OUTGOING,
                request.requestingRegion(), request.libraryCode(), request.requestedBy(), request.purpose().name(),
                List.of(), request.consentAt(), outcome, clock.instant()));
        LOG.warnf("profile transfer of %s to %s refused: %s", memberNumber, request.requestingRegion(), outcome);
    }

    private static void validate(String memberNumber, ProfileTransferRequest request) {
        UnifiedMemberNumber.parse(memberNumber);
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body");
        }
        FieldChecks.regionId(errors, "requestingRegion", request.requestingRegion());
        if (!LibraryCode.isValid(request.libraryCode())) {
            errors.add(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (blank(request.identityHash())) {
            errors.add(FieldError.of("identityHash", ErrorCode.FIELD_REQUIRED));
        } else if (!IDENTITY_HASH.matcher(request.identityHash()).matches()) {
            // Not a hash of this federation's form at all: the request is wrong, not the identity (no audit record).
            errors.add(FieldError.of("identityHash", ErrorCode.FIELD_INVALID));
        }
        if (request.consentAt() == null) {
            errors.add(FieldError.of("consentAt", ErrorCode.TRANSFER_CONSENT_REQUIRED));
        } else {
            FieldChecks.instant(errors, "consentAt", request.consentAt());
        }
        if (blank(request.requestedBy())) {
            errors.add(FieldError.of("requestedBy", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.line(errors, "requestedBy", request.requestedBy(), ProfileTransferRequest.REQUESTED_BY_MAX);
        }
        if (request.purpose() == null) {
            errors.add(FieldError.of("purpose", ErrorCode.FIELD_REQUIRED));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
