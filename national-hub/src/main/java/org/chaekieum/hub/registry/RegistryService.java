package org.chaekieum.hub.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.DuplicateIdentityDetected;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.event.LoanTransitChanged;
import org.chaekieum.contracts.event.MemberChanged;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.event.MemberLinked;
import org.chaekieum.contracts.event.MemberNumberRefused;
import org.chaekieum.contracts.event.MemberRegistered;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.MemberSuspensionLifted;
import org.chaekieum.contracts.event.MemberUpdated;
import org.chaekieum.contracts.event.RightsHeld;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.ledger.LedgerService;
import org.chaekieum.hub.ledger.LoanAnonymiser;
import org.chaekieum.hub.registry.RegistrationDecision.AlreadyRegistered;
import org.chaekieum.hub.registry.RegistrationDecision.Duplicate;
import org.chaekieum.hub.registry.RegistrationDecision.Holder;
import org.chaekieum.hub.registry.RegistrationDecision.Outcome;
import org.chaekieum.hub.registry.RegistrationDecision.Refuse;
import org.chaekieum.hub.registry.RegistrationDecision.Register;
import org.chaekieum.hub.repository.NationalMember;
import org.chaekieum.hub.repository.RefusedNumber;
import org.chaekieum.hub.rights.RightsLedger;
import org.chaekieum.hub.suspensions.SuspensionRegistry;
import org.chaekieum.runtime.messaging.ProcessedEvents;
import org.chaekieum.runtime.outbox.Outbox;
import org.jboss.logging.Logger;

/**
 * Applies the regions' member events to the national registry, and their loan events to the national loan ledger
 * ({@link LedgerService}). The registry or ledger change, the outbox row announcing the decision and the
 * processed-event mark of an event commit together or not at all: one event per transaction ({@link #apply}), or the
 * events of one poll in one transaction ({@link #applyAll}).
 */
@ApplicationScoped
public class RegistryService {

    private static final Logger LOG = Logger.getLogger(RegistryService.class);

    @Inject
    ProcessedEvents processed;

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    SuspensionRegistry suspensions;

    @Inject
    LedgerService ledger;

    @Inject
    RightsLedger rights;

    @Inject
    LoanAnonymiser anonymiser;

    /**
     * Applies one event unless its id was already applied.
     *
     * @param payload the decoded payload, or null for an event type the hub does not know (tolerant reader)
     * @return false when the event had been applied before
     */
    @Transactional
    public boolean apply(EventEnvelope envelope, EventPayload payload) {
        return applyOne(envelope, payload);
    }

    /** One readable event of a batch: its envelope and its decoded payload (null for a type the hub does not know). */
    public record Decoded(EventEnvelope envelope, EventPayload payload) {
    }

    /**
     * Applies the events of one poll in ONE transaction, in the given order (ids already applied, before or earlier in
     * the same list, are skipped). All or nothing: if any event fails, nothing of the batch commits and the caller
     * falls back to {@link #apply} one event at a time. Per-member advisory locks are transaction-scoped and
     * re-entrant, so several events of one member in the list are fine.
     *
     * @return how many events were applied (not skipped as seen before)
     */
    @Transactional
    public int applyAll(List<Decoded> events) {
        int applied = 0;
        for (Decoded event : events) {
            if (applyOne(event.envelope(), event.payload())) {
                applied++;
            }
        }
        return applied;
    }

    private boolean applyOne(EventEnvelope envelope, EventPayload payload) {
        Instant now = now();
        if (!processed.firstTime(envelope, now)) {
            LOG.debugf("event %s already applied, skipped", envelope.id());
            return false;
        }
        if (payload instanceof MemberEnrolled enrolled) {
            onEnrolled(envelope, enrolled, now);
        } else if (payload instanceof MemberLinked linked) {
            onLinked(linked, now);
        } else if (payload instanceof MemberUpdated updated) {
            onUpdated(updated, now);
        } else if (payload instanceof LoanCreated created) {
            ledger.onLoanCreated(created, now);
        } else if (payload instanceof LoanRenewed renewed) {
            ledger.onLoanRenewed(renewed, now);
        } else if (payload instanceof LoanReturned returned) {
            ledger.onLoanReturned(returned, now);
        } else if (payload instanceof MemberSuspended suspended) {
            suspensions.onSuspended(suspended, now);
        } else if (payload instanceof MemberSuspensionLifted lifted) {
            suspensions.onLifted(lifted, now);
        } else if (payload instanceof RightsHeld held) {
            rights.onHeld(held, now);
        } else if (payload instanceof LoanTransitChanged transit) {
            ledger.onTransitChanged(transit.loanId(), transit.state(), transit.changedAt());
        } else {
            LOG.debugf("event %s of type %s is not for the hub, recorded and ignored", envelope.id(),
                    LogSafe.clip(envelope.type(), 80));
        }
        // Surface constraint violations (a concurrent duplicate) here, where the caller can retry.
        em.flush();
        return true;
    }

    private void onEnrolled(EventEnvelope envelope, MemberEnrolled event, Instant now) {
        Optional<NationalMember> sameNumber = NationalMember.byNumber(event.memberNumber());
        Optional<NationalMember> sameIdentity = NationalMember.activeByIdentity(event.identityHash());
        Outcome outcome = RegistrationDecision.decide(event, sameNumber.map(RegistryService::holder),
                sameIdentity.map(RegistryService::holder));

        if (outcome instanceof Refuse refuse) {
            RefusedNumber row = new RefusedNumber();
            row.memberNumber = truncate(event.memberNumber(), 64);
            row.region = truncate(event.region(), 64);
            row.errorCode = refuse.code().name();
            row.reason = truncate(refuse.reason(), 512);
            row.eventId = envelope.id();
            row.refusedAt = now;
            row.persist();
            outbox.append(new MemberNumberRefused(event.memberNumber(), event.region(), refuse.code().name(),
                    refuse.reason(), envelope.id(), now), now);
            LOG.infof("refused number %s from region %s: %s", LogSafe.clip(event.memberNumber(), 20),
                    LogSafe.clip(event.region(), 32), refuse.code());
        } else if (outcome instanceof AlreadyRegistered) {
            NationalMember existing = sameNumber.orElseThrow();
            if (!Objects.equals(existing.identityHash, event.identityHash())) {
                LOG.warnf("number %s re-announced by region %s with another identity hash; registry unchanged",
                        event.memberNumber(), LogSafe.clip(event.region(), 32));
            } else {
                LOG.debugf("number %s already registered", event.memberNumber());
            }
        } else if (outcome instanceof Duplicate duplicate) {
            NationalMember member = newMember(event, now);
            member.status = MemberStatus.LINKED;
            member.linkedTo = duplicate.existingMemberNumber();
            member.persist();
            outbox.append(new DuplicateIdentityDetected(event.memberNumber(), event.region(),
                    duplicate.existingMemberNumber(), duplicate.existingRegion(), now), now);
            LOG.infof("number %s duplicates %s (identity %s): linked", event.memberNumber(),
                    duplicate.existingMemberNumber(), LogSafe.hash(event.identityHash()));
        } else if (outcome instanceof Register register) {
            NationalMember member = newMember(event, now);
            member.status = MemberStatus.NORMAL;
            member.persist();
            outbox.append(new MemberRegistered(event.memberNumber(), event.region(), register.wasProvisional(), now),
                    now);
            LOG.infof("registered number %s of region %s%s", event.memberNumber(), LogSafe.clip(event.region(), 32),
                    register.wasProvisional() ? " (was provisional)" : "");
        }
    }

    private void onLinked(MemberLinked event, Instant now) {
        Optional<NationalMember> found = NationalMember.byNumber(event.memberNumber());
        if (found.isEmpty()) {
            LOG.debugf("link of unknown number %s ignored", LogSafe.clip(event.memberNumber(), 20));
            return;
        }
        NationalMember member = found.get();
        if (member.status == MemberStatus.LINKED && event.linkedTo().equals(member.linkedTo)) {
            return;
        }
        member.status = MemberStatus.LINKED;
        member.linkedTo = truncate(event.linkedTo(), 14);
        member.updatedAt = now;
        LOG.infof("number %s linked to %s by region %s", member.memberNumber, member.linkedTo,
                LogSafe.clip(event.region(), 32));
    }

    /**
     * The home region changed the member's category, modifier, status or personal fields. Applied only when it comes
     * from the member's registry region; every applied update is announced to all regions as a MemberChanged (personal
     * field changes too: the hub stores none of them, but importing regions must fetch the profile again).
     */
    private void onUpdated(MemberUpdated event, Instant now) {
        Optional<NationalMember> found = NationalMember.byNumber(event.memberNumber());
        String number = LogSafe.clip(event.memberNumber(), 20);
        String region = LogSafe.clip(event.region(), 32);
        if (found.isEmpty()) {
            LOG.warnf("update of unknown number %s from region %s ignored", number, region);
            return;
        }
        NationalMember member = found.get();
        Optional<String> refusal = LifecycleRules.refuseUpdate(member.region, member.status, event);
        if (refusal.isPresent()) {
            LOG.warnf("update of number %s from region %s ignored: %s", number, region, refusal.get());
            return;
        }
        MemberStatus before = member.status;
        member.category = event.category();
        member.categoryModifier = event.categoryModifier();
        member.modifierExpiresOn = event.modifierExpiresOn();
        member.status = event.status();
        int erasedLinked = 0;
        String erasedHistory = "";
        if (event.status() == MemberStatus.WITHDRAWN) {
            // Erasure: the hub keeps the number and its status, nothing that could find the person again; numbers
            // retired as duplicates of this one hold the same person's hash and lose it too.
            member.identityHash = null;
            @SuppressWarnings("unchecked")
            List<String> linked = em.createNativeQuery("select member_number from national_member "
                            + "where linked_to = ?1 and status = 'LINKED'")
                    .setParameter(1, member.memberNumber)
                    .getResultList();
            erasedLinked = em.createNativeQuery("update national_member set identity_hash = null "
                            + "where linked_to = ?1 and status = 'LINKED' and identity_hash is not null")
                    .setParameter(1, member.memberNumber)
                    .executeUpdate();
            erasedHistory = eraseHistory(member.memberNumber, linked, now);
        }
        member.updatedAt = now;
        outbox.append(new MemberChanged(member.memberNumber, member.region, member.category, member.categoryModifier,
                member.modifierExpiresOn, member.status, event.changedFields(), event.profileVersion(), now), now);
        LOG.infof("number %s updated by home region %s: category %s, modifier %s, status %s -> %s, changed %s%s%s",
                member.memberNumber, region, member.category, member.categoryModifier, before, member.status,
                LogSafe.clip(String.join(",", event.changedFields()), 120),
                erasedLinked > 0 ? "; identity hash erased from " + erasedLinked + " linked number(s)" : "",
                erasedHistory);
    }

    /**
     * At withdrawal, what the hub holds of the member's history under the number and the numbers linked to it (the
     * same person): ended loans and cap overruns are anonymised (open loans keep the number while they count towards
     * the cap), suspensions with their reasons erased (and the regions told). Answers what was done, for the log.
     */
    private String eraseHistory(String memberNumber, List<String> linked, Instant now) {
        int loans = 0;
        int overruns = 0;
        int suspended = 0;
        for (String number : concat(memberNumber, linked)) {
            LoanAnonymiser.Anonymised anonymised = anonymiser.anonymiseMember(number);
            loans += anonymised.loans();
            overruns += anonymised.overruns();
            suspended += suspensions.eraseMember(number, now);
        }
        return loans + overruns + suspended == 0 ? "" : "; " + loans + " ended loan(s) and " + overruns
                + " overrun(s) anonymised, " + suspended + " suspension(s) erased";
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        rest.stream().map(String::trim).forEach(all::add);
        return all;
    }

    private static NationalMember newMember(MemberEnrolled event, Instant now) {
        NationalMember member = new NationalMember();
        member.memberNumber = event.memberNumber();
        member.numberForm = event.numberForm();
        member.issuingLibrary = event.issuingLibrary();
        member.region = event.region();
        member.identityHash = event.identityHash();
        member.category = event.category();
        member.registeredAt = now;
        member.updatedAt = now;
        return member;
    }

    private static Holder holder(NationalMember m) {
        return new Holder(m.memberNumber, m.region, m.status);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
