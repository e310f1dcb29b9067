package org.chaekieum.region.members;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.ImportRequest;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.contracts.api.ProfileTransferRequest.Purpose;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.event.MemberImported;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.client.HubGateway;
import org.chaekieum.region.client.HubRefusal;
import org.chaekieum.region.client.TransferAnswer;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.repository.TransferAudit;
import org.chaekieum.region.repository.TransferAudit.Direction;
import org.chaekieum.runtime.jobs.Jobs;
import org.chaekieum.runtime.outbox.Outbox;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * 반입: a member of any library starts using a library of this region under the same number.
 *
 * <p>Within the home region this is a new registration. For a member of another region, the hub checks the identity
 * hash against the national record and fetches the profile from the home region; this region keeps a copy. When the
 * hub or the home region cannot be reached, the member is registered PROVISIONALLY (category ASSOCIATE, so nothing
 * can be borrowed on an unverified identity) and the profile is completed by {@link #completePending()} as soon as
 * the home region answers. The same job refreshes copies when the home region announces a change. Every new
 * registration at a library is announced ({@code member.imported.v1}, with the registration, through the outbox) for
 * the hub's statistics of imports per library and day.
 */
@ApplicationScoped
public class ImportService {

    @Inject
    Jobs jobs;

    private static final Logger LOG = Logger.getLogger(ImportService.class);
    private static final String SYSTEM = "system:import-completion";

    @Inject
    RegionConfig region;

    @Inject
    IdentityHasher identities;

    @Inject
    PasswordHasher passwords;

    @Inject
    HubGateway hub;

    @Inject
    EnrollmentService enrollment;

    @Inject
    TransferAudit audit;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    @Inject
    Outbox outbox;

    /** The member as registered at the library, and whether this request registered it. */
    public record Imported(Member member, boolean created) {
    }

    public Imported importMember(String libraryCodeText, String memberNumber, ImportRequest request) {
        validate(libraryCodeText, memberNumber, request);
        LibraryCode library = LibraryCode.of(libraryCodeText);
        enrollment.requireServed(library);
        String identityHash = identities.hash(request.identityKey().trim());
        Instant consentAt = clock.instant();
        String passwordHash = blank(request.localPassword()) ? null : passwords.hash(request.localPassword());

        Member local = QuarkusTransaction.requiringNew().call(() -> Member.byNumber(memberNumber).orElse(null));
        if (local != null) {
            if (!IdentityHasher.same(local.identityHash, identityHash)) {
                throw new ProblemException(ErrorCode.IDENTITY_MISMATCH);
            }
            if (!local.isActive()) {
                throw new ProblemException(ErrorCode.MEMBER_NOT_ACTIVE);
            }
            boolean registered = QuarkusTransaction.requiringNew().call(() -> local.isRegisteredAt(library.value()));
            if (registered) {
                return new Imported(local, false);
            }
            if (local.isHome()) {
                return registerHomeMember(local, library, request.requestedBy(), consentAt, passwordHash);
            }
        }
        // A member of another region (new here, or a copy registering at one more library): the home region is
        // asked, and audits, every time.
        TransferAnswer answer;
        try {
            answer = hub.transferProfile(memberNumber, new ProfileTransferRequest(region.id(), library.value(),
                    identityHash, consentAt, request.requestedBy(), Purpose.IMPORT));
        } catch (HubRefusal refusal) {
            throw new ProblemException(refusal.code());
        }
        Imported imported = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            Member copy;
            String outcome;
            if (local == null) {
                copy = answer.reached()
                        ? copyOf(answer.profile(), identityHash, consentAt, now)
                        : provisionalCopy(memberNumber, identityHash, consentAt, now);
                copy.persistAndFlush();
                outcome = answer.reached() ? "RECEIVED" : "PROVISIONAL";
            } else {
                copy = Member.byNumber(memberNumber).orElseThrow();
                if (answer.reached()) {
                    apply(copy, answer.profile(), now);
                    outcome = "RECEIVED";
                } else {
                    copy.profilePending = true; // registered from the copy held here; refreshed when home answers
                    outcome = "REGISTERED_FROM_COPY";
                }
            }
            copy.registerAt(library.value(), now, request.requestedBy(), consentAt, passwordHash);
            outbox.append(new MemberImported(memberNumber, library.value(), region.id(),
                    copy.status == MemberStatus.PROVISIONAL, now));
            audit.record(memberNumber, Direction.INCOMING, region.id(), library.value(), request.requestedBy(),
                    Purpose.IMPORT.name(), answer.reached() ? MemberProfile.FIELDS : List.of(), consentAt, outcome, now);
            return new Imported(copy, true);
        });
        registry.counter("chaekieum.imports", "status", imported.member().status.name()).increment();
        LOG.infof("member %s imported at %s (%s)", memberNumber, library, imported.member().status);
        return imported;
    }

    @Scheduled(every = "${chaekieum.import.completion-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledCompletion() {
        jobs.alone("import-completion", this::completePending);
    }

    /**
     * Completes provisional imports and refreshes copies whose home region announced a change. A home region that
     * cannot be reached is skipped for the rest of the run (its members wait, the others go on); a copy that fails for
     * another reason is logged and tried again at the next run, without holding up the others.
     */
    public void completePending() {
        List<Long> pending = QuarkusTransaction.requiringNew().call(() -> Member.getEntityManager()
                .createQuery("select m.id from Member m where m.profilePending = true order by m.id", Long.class)
                .setMaxResults(50).getResultList());
        Set<String> unreachable = new HashSet<>();
        for (Long id : pending) {
            try {
                complete(id, unreachable);
            } catch (RuntimeException e) {
                registry.counter("chaekieum.imports.completion-failed").increment();
                LOG.errorf(e, "completion of imported member (id %d) failed; tried again at the next run", id);
            }
        }
    }

    /** Completes or refreshes one copy, unless its home region was found unreachable in this run. */
    private void complete(Long id, Set<String> unreachable) {
        Member copy = QuarkusTransaction.requiringNew().call(() -> Member.<Member>findById(id));
        if (copy == null || !copy.profilePending) {
            return;
        }
        String homeRegion = copy.homeRegion != null ? copy.homeRegion : copy.memberNumber.substring(1, 3);
        if (unreachable.contains(homeRegion)) {
            return;
        }
        boolean provisional = copy.status == MemberStatus.PROVISIONAL;
        Purpose purpose = provisional ? Purpose.IMPORT : Purpose.REFRESH;
        TransferAnswer answer;
        try {
            answer = hub.transferProfile(copy.memberNumber, new ProfileTransferRequest(region.id(),
                    firstLibrary(copy), copy.identityHash, copy.importConsentAt, SYSTEM, purpose));
        } catch (HubRefusal refusal) {
            QuarkusTransaction.requiringNew().run(() -> refused(id, refusal.code(), provisional));
            return;
        }
        if (!answer.reached()) {
            unreachable.add(homeRegion); // the home region or the hub is still away: its members wait for the next run
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Member m = Member.findById(id);
            Instant now = clock.instant();
            apply(m, answer.profile(), now);
            audit.record(m.memberNumber, Direction.INCOMING, region.id(), firstLibrary(m), SYSTEM, purpose.name(),
                    MemberProfile.FIELDS, m.importConsentAt, provisional ? "COMPLETED" : "REFRESHED", now);
        });
        LOG.infof("member %s: profile %s from the home region", copy.memberNumber,
                provisional ? "completed" : "refreshed");
    }

    /** A member of this region registering at one more of its libraries: nothing crosses a region. */
    private Imported registerHomeMember(Member local, LibraryCode library, String requestedBy, Instant consentAt,
                                        String passwordHash) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Member m = Member.byNumber(local.memberNumber).orElseThrow();
            if (m.isRegisteredAt(library.value())) {
                return new Imported(m, false);
            }
            Instant now = clock.instant();
            m.registerAt(library.value(), now, requestedBy, consentAt, passwordHash);
            m.lastActivityAt = now;
            outbox.append(new MemberImported(m.memberNumber, library.value(), region.id(), false, now));
            // Nothing crossed a region, but the library now sees the profile: the audit names those fields.
            audit.record(m.memberNumber, Direction.LOCAL, region.id(), library.value(), requestedBy,
                    Purpose.IMPORT.name(), MemberProfile.FIELDS, consentAt, "REGISTERED", now);
            LOG.infof("member %s registered at %s", m.memberNumber, library);
            return new Imported(m, true);
        });
    }

    private void refused(Long id, ErrorCode code, boolean provisional) {
        Member m = Member.findById(id);
        Instant now = clock.instant();
        audit.record(m.memberNumber, Direction.INCOMING, region.id(), firstLibrary(m), SYSTEM,
                provisional ? Purpose.IMPORT.name() : Purpose.REFRESH.name(), List.of(), m.importConsentAt,
                "REFUSED_" + code.name(), now);
        if (provisional) {
            // The identity was never verified: the provisional registration is withdrawn altogether.
            Member.getEntityManager().createNativeQuery("delete from member_registration where member_id = ?1")
                    .setParameter(1, id).executeUpdate();
            m.delete();
            registry.counter("chaekieum.imports.refused-on-completion").increment();
            LOG.warnf("provisional import of %s refused by the home region (%s); registration removed",
                    m.memberNumber, code);
        } else if (code == ErrorCode.MEMBER_NOT_ACTIVE) {
            m.erasePersonalData(now, "No longer active at the home region.");
        } else {
            m.profilePending = false;
            LOG.errorf("refresh of %s refused by the home region (%s)", m.memberNumber, code);
        }
    }

    private Member copyOf(MemberProfile profile, String identityHash, Instant consentAt, Instant now) {
        Member copy = new Member();
        copy.memberNumber = profile.memberNumber();
        copy.numberForm = profile.numberForm();
        copy.issuingLibrary = profile.issuingLibrary();
        copy.imported = true;
        copy.identityHash = identityHash;
        copy.importConsentAt = consentAt;
        copy.personalDataConsentAt = consentAt;
        copy.enrolledAt = now;
        apply(copy, profile, now);
        return copy;
    }

    private Member provisionalCopy(String memberNumber, String identityHash, Instant consentAt, Instant now) {
        UnifiedMemberNumber number = UnifiedMemberNumber.parse(memberNumber);
        Member copy = new Member();
        copy.memberNumber = number.value();
        copy.numberForm = number.form();
        copy.issuingLibrary = number.issuingLibrary().value();
        copy.imported = true;
        copy.identityHash = identityHash;
        copy.importConsentAt = consentAt;
        copy.personalDataConsentAt = consentAt;
        copy.category = MemberCategory.ASSOCIATE;
        copy.status = MemberStatus.PROVISIONAL;
        copy.statusReason = "Imported while the home region could not be reached: identity and profile pending.";
        copy.profilePending = true;
        copy.enrolledAt = now;
        copy.updatedAt = now;
        copy.lastActivityAt = now;
        return copy;
    }

    private static void apply(Member m, MemberProfile p, Instant now) {
        m.homeRegion = p.homeRegion();
        m.name = p.name();
        m.birthDate = p.birthDate();
        m.phone = p.phone();
        m.address = p.address();
        m.guardianName = p.guardianName();
        m.guardianPhone = p.guardianPhone();
        m.category = p.category();
        m.categoryModifier = p.categoryModifier();
        m.modifierExpiresOn = p.modifierExpiresOn();
        m.status = p.status();
        m.statusReason = null;
        m.profileVersion = p.profileVersion();
        // A home member enrolled provisionally (the hub not yet asked) makes a provisional copy: the copy asks again
        // until its home is settled, whether or not the hub's confirmation of the number arrives here first.
        m.profilePending = p.status() == MemberStatus.PROVISIONAL;
        m.updatedAt = now;
        m.lastActivityAt = now;
    }

    private static String firstLibrary(Member m) {
        return (String) Member.getEntityManager()
                .createNativeQuery("select library_code from member_registration where member_id = ?1"
                        + " order by registered_at limit 1")
                .setParameter(1, m.id).getResultStream().findFirst().orElse(m.issuingLibrary);
    }

    private static void validate(String libraryCode, String memberNumber, ImportRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (!LibraryCode.isValid(libraryCode)) {
            errors.add(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID));
        }
        try {
            UnifiedMemberNumber.parse(memberNumber);
        } catch (InvalidIdentifierException e) {
            errors.add(FieldError.of("memberNumber", e.code()));
        }
        if (request == null) {
            throw ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body").withErrors(errors);
        }
        if (blank(request.identityKey())) {
            errors.add(FieldError.of("identityKey", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.line(errors, "identityKey", request.identityKey(), ImportRequest.IDENTITY_KEY_MAX);
        }
        if (request.consents() == null || !Boolean.TRUE.equals(request.consents().transfer())) {
            errors.add(FieldError.of("consents.transfer", ErrorCode.TRANSFER_CONSENT_REQUIRED));
        }
        if (blank(request.requestedBy())) {
            errors.add(FieldError.of("requestedBy", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.line(errors, "requestedBy", request.requestedBy(), ImportRequest.REQUESTED_BY_MAX);
        }
        if (FieldChecks.line(errors, "localPassword", request.localPassword(), ImportRequest.LOCAL_PASSWORD_MAX)
                && request.localPassword() != null
                && FieldChecks.length(request.localPassword()) < ImportRequest.LOCAL_PASSWORD_MIN) {
            errors.add(FieldError.of("localPassword", ErrorCode.FIELD_INVALID));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
