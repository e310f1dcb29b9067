package org.chaekieum.region.members;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.client.HubAnswer;
import org.chaekieum.region.client.HubGateway;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.repository.SerialAllocator;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.persistence.DatabaseFailures;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Enrolls a person at one of the region's libraries: one person, one number.
 *
 * <p>The region first checks its own members, then asks the hub (outside any transaction, bounded by
 * {@link HubGateway}). If the person holds a number anywhere the enrollment is refused with that number. If the hub
 * cannot answer, the member is enrolled PROVISIONALLY (visible in the answer and the member record) and the hub settles
 * it when the event reaches it: confirmed, or linked to the older number. The member row, the serial and the event are
 * written in one transaction.
 */
@ApplicationScoped
public class EnrollmentService {

    private static final Logger LOG = Logger.getLogger(EnrollmentService.class);
    private static final String ACTIVE_IDENTITY_INDEX = "member_active_identity";
    private static final String MEMBER_NUMBER_KEY = "member_member_number_key";

    @Inject
    RegionConfig region;

    @Inject
    IdentityHasher hasher;

    @Inject
    HubGateway hub;

    @Inject
    SerialAllocator serials;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    public Member enroll(String libraryCodeText, EnrollmentRequest request) {
        LocalDate today = LocalDate.now(clock);
        List<FieldError> errors = new ArrayList<>();
        if (!LibraryCode.isValid(libraryCodeText)) {
            errors.add(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (request == null) {
            throw ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body").withErrors(errors);
        }
        errors.addAll(EnrollmentRules.check(request, today));
        UnifiedMemberNumber issued = issuedNumber(errors, libraryCodeText, request.memberNumber());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        LibraryCode library = LibraryCode.of(libraryCodeText);
        requireServed(library);
        EnrollmentRules.ValidEnrollment enrollment = EnrollmentRules.accept(request, today);
        String identityHash = hasher.hash(enrollment.identityKey());

        Optional<Member> local = QuarkusTransaction.requiringNew().call(() -> Member.activeByIdentityHash(identityHash));
        if (local.isPresent()) {
            throw alreadyEnrolled(local.get().memberNumber, local.get().issuingLibrary, region.id());
        }
        HubAnswer answer = hub.lookupIdentity(identityHash);
        if (answer.outcome() == HubAnswer.Outcome.ENROLLED) {
            throw alreadyEnrolled(answer.lookup().memberNumber(), answer.lookup().issuingLibrary(), answer.lookup().region());
        }
        // Whoever holds a number already is told so first (above); then a number taken by someone else is refused.
        if (issued != null && QuarkusTransaction.requiringNew().call(() -> Member.byNumber(issued.value()).isPresent())) {
            throw numberTaken(issued.value());
        }
        boolean provisional = answer.outcome() == HubAnswer.Outcome.UNREACHABLE;
        try {
            Member member = QuarkusTransaction.requiringNew()
                    .call(() -> issue(library, enrollment, identityHash, provisional, today, issued));
            registry.counter("chaekieum.enrollments", "status", member.status.name()).increment();
            LOG.infof("enrolled %s at %s (%s)", member.memberNumber, library, member.status);
            return member;
        } catch (RuntimeException e) {
            if (violates(e, ACTIVE_IDENTITY_INDEX)) {
                // Another desk enrolled the same person a moment ago.
                Member winner = QuarkusTransaction.requiringNew()
                        .call(() -> Member.activeByIdentityHash(identityHash)).orElseThrow(() -> e);
                throw alreadyEnrolled(winner.memberNumber, winner.issuingLibrary, region.id());
            }
            if (issued != null && violates(e, MEMBER_NUMBER_KEY)) {
                throw numberTaken(issued.value()); // another desk enrolled someone with this number a moment ago
            }
            throw e;
        }
    }

    public void requireServed(LibraryCode library) {
        if (!region.serves(library)) {
            throw ProblemException.because(ErrorCode.LIBRARY_NOT_IN_REGION, "other-region", library, region.id())
                    .withContext(Map.of("libraryCode", library.value(), "region", region.id()));
        }
    }

    /**
     * The number a library's own system issued already (KOLAS III numbers its members itself), checked: the current
     * form with its check digit, naming the enrolling library, with a serial. Null when the request has none.
     */
    private static UnifiedMemberNumber issuedNumber(List<FieldError> errors, String libraryCode, String text) {
        if (text == null) {
            return null;
        }
        try {
            UnifiedMemberNumber number = UnifiedMemberNumber.parse(text);
            if (!number.issuingLibrary().value().equals(libraryCode) || number.serial() < 1) {
                errors.add(FieldError.of("memberNumber", ErrorCode.FIELD_INVALID, "issued-number", libraryCode));
                return null;
            }
            return number;
        } catch (InvalidIdentifierException e) {
            errors.add(FieldError.of("memberNumber", e.code()));
            return null;
        }
    }

    private static ProblemException numberTaken(String number) {
        return ProblemException.invalid(List.of(FieldError.of("memberNumber", ErrorCode.FIELD_INVALID, "number-taken",
                number)));
    }

    private Member issue(LibraryCode library, EnrollmentRules.ValidEnrollment e, String identityHash, boolean provisional,
                         LocalDate today, UnifiedMemberNumber issued) {
        UnifiedMemberNumber number;
        if (issued != null) {
            // Later numbers the region issues at this library for that year come after this one.
            serials.atLeast(library.value(), issued.yearOfIssue(), issued.serial());
            number = issued;
        } else {
            int year = today.getYear() % 100;
            int serial = serials.next(library.value(), year);
            if (serial > UnifiedMemberNumber.MAX_SERIAL) {
                throw new ProblemException(ErrorCode.SERIAL_EXHAUSTED);
            }
            number = UnifiedMemberNumber.issue(library, year, serial);
        }
        Instant now = clock.instant();
        Member m = new Member();
        m.memberNumber = number.value();
        m.numberForm = number.form();
        m.issuingLibrary = library.value();
        m.name = e.name();
        m.birthDate = e.birthDate();
        m.phone = e.phone();
        m.address = e.address();
        m.identityHash = identityHash;
        m.category = e.category();
        m.status = provisional ? MemberStatus.PROVISIONAL : MemberStatus.NORMAL;
        m.statusReason = provisional ? "National duplicate check pending: the hub could not be reached." : null;
        m.guardianName = e.guardianName();
        m.guardianPhone = e.guardianPhone();
        m.guardianConsentAt = e.minor() ? now : null;
        m.personalDataConsentAt = now;
        m.thirdPartyTransferConsentAt = e.thirdPartyTransferConsent() ? now : null;
        m.enrolledAt = now;
        m.updatedAt = now;
        m.lastActivityAt = now;
        m.persistAndFlush();
        m.registerAt(library.value(), now);
        outbox.append(new MemberEnrolled(m.memberNumber, m.numberForm, m.issuingLibrary, library.value(), region.id(),
                identityHash, m.category, m.status, now));
        return m;
    }

    private static ProblemException alreadyEnrolled(String number, String issuingLibrary, String inRegion) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("existingMemberNumber", number);
        if (issuingLibrary != null) {
            context.put("issuingLibrary", issuingLibrary);
        }
        if (inRegion != null) {
            context.put("region", inRegion);
        }
        return ProblemException.because(ErrorCode.IDENTITY_ALREADY_ENROLLED, "holds-number", number, issuingLibrary)
                .withContext(context);
    }

    private static boolean violates(Throwable e, String constraint) {
        return DatabaseFailures.violates(e, constraint);
    }
}
