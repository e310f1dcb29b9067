package org.chaekieum.region.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.DuplicateIdentityDetected;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.MemberChanged;
import org.chaekieum.contracts.event.MemberLinked;
import org.chaekieum.contracts.event.MemberNumberRefused;
import org.chaekieum.contracts.event.MemberRegistered;
import org.chaekieum.contracts.event.RightsGranted;
import org.chaekieum.contracts.event.SuspensionChanged;
import org.chaekieum.region.circulation.NationalRights;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.repository.Member;
import org.chaekieum.runtime.messaging.ProcessedEvents;
import org.chaekieum.runtime.outbox.Outbox;
import org.jboss.logging.Logger;

/**
 * Applies one national decision in one transaction, recording its event id there too, so a redelivered decision is
 * applied once. Decisions about other regions' members are skipped without a trace.
 */
@ApplicationScoped
public class DecisionApplier {

    private static final Logger LOG = Logger.getLogger(DecisionApplier.class);
    private static final Set<String> PERSONAL = Set.of("name", "birthDate", "phone", "address",
            "guardianName", "guardianPhone");

    @Inject
    ProcessedEvents processed;

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    RegionConfig region;

    @Inject
    Clock clock;

    @Inject
    NationalRights rights;

    @Inject
    MeterRegistry registry;

    @Transactional
    public void apply(EventEnvelope envelope, EventPayload payload) {
        if (payload instanceof RightsGranted granted) {
            // Rights the hub's ledger gave this region: credited once per move id (the ask's answer may have credited
            // them already, or never arrived). Under the member's advisory lock only, taken first as a checkout does.
            if (granted.region().equals(region.id()) && rights.creditHere(granted.memberNumber(), granted.moveId(),
                    granted.count())) {
                LOG.infof("member %s: %d right(s) of move %s credited from the hub's event (the ask's answer never "
                        + "came)", granted.memberNumber(), granted.count(), granted.moveId());
            }
            return;
        }
        // Locked: a desk may suspend or lift (single statements) while the federation's view is compared and applied.
        Member member = Member.byNumberLocked(payload.memberNumber()).orElse(null);
        if (member == null || !processed.firstTime(envelope, clock.instant())) {
            return;
        }
        Instant now = clock.instant();
        if (payload instanceof MemberRegistered) {
            // The hub registered the number: a member enrolled here provisionally, or a copy made from the profile of
            // a member its home enrolled provisionally, is confirmed. A copy still waiting for its profile (imported
            // while the home could not be reached: an associate with no profile) is not: it stays provisional until
            // the import completion brings its profile, category and status from its home.
            if (member.status == MemberStatus.PROVISIONAL && !member.profilePending) {
                member.status = MemberStatus.NORMAL;
                member.statusReason = null;
                member.updatedAt = now;
                LOG.infof("hub confirmed provisional member %s", member.memberNumber);
            }
        } else if (payload instanceof DuplicateIdentityDetected duplicate) {
            if (member.status != MemberStatus.LINKED) {
                member.status = MemberStatus.LINKED;
                member.linkedTo = duplicate.existingMemberNumber();
                member.statusReason = "Same person as " + duplicate.existingMemberNumber()
                        + " (found by the national hub); use that number.";
                member.updatedAt = now;
                outbox.append(new MemberLinked(member.memberNumber, member.linkedTo, region.id(), now));
                registry.counter("chaekieum.members.linked").increment();
                LOG.warnf("member %s duplicates %s (%s); linked to the older number", member.memberNumber,
                        duplicate.existingMemberNumber(), duplicate.existingRegion());
            }
        } else if (payload instanceof MemberChanged changed) {
            applyHomeChange(member, changed, now);
        } else if (payload instanceof SuspensionChanged suspension) {
            // The federation's view wins: it includes this region's own suspensions (and its lifts). A decision older
            // than this region's own latest change waits for the next one, unless it extends the suspension.
            boolean stale = member.suspensionSetAt != null && suspension.changedAt().isBefore(member.suspensionSetAt)
                    && (suspension.suspendedUntil() == null || (member.suspendedUntil != null
                    && !suspension.suspendedUntil().isAfter(member.suspendedUntil)));
            if (stale) {
                return;
            }
            member.suspendedUntil = suspension.suspendedUntil();
            member.suspendedByLibrary = suspension.setByLibrary();
            // An erased member's record keeps no free text about them, even one the federation still sends.
            member.suspensionReason = member.isErased() ? null : suspension.reason();
            member.suspensionSetAt = suspension.suspendedUntil() == null ? null : suspension.changedAt();
            LOG.infof("member %s: suspension from the hub %s", member.memberNumber,
                    suspension.suspendedUntil() == null ? "none" : "until " + suspension.suspendedUntil() + " by "
                            + suspension.setByLibrary());
        } else if (payload instanceof MemberNumberRefused refused) {
            member.statusReason = "Number refused by the national hub: " + refused.errorCode();
            member.updatedAt = now;
            LOG.errorf("hub refused member number %s: %s", member.memberNumber, refused.errorCode());
        }
    }

    /** A copy of another region's member follows its home; this region's own members are the source, nothing to do. */
    private void applyHomeChange(Member copy, MemberChanged changed, Instant now) {
        if (copy.isHome()) {
            return;
        }
        if (changed.status() == MemberStatus.WITHDRAWN) {
            copy.erasePersonalData(now, "Withdrawn or erased at the home region.");
            LOG.infof("copy of %s erased: the member withdrew at home (%s)", copy.memberNumber, changed.homeRegion());
            return;
        }
        if (copy.status != MemberStatus.PROVISIONAL) {
            copy.category = changed.category();
            copy.categoryModifier = changed.categoryModifier();
            copy.modifierExpiresOn = changed.modifierExpiresOn();
            copy.status = changed.status();
        }
        if (changed.profileVersion() > copy.profileVersion || changed.changedFields().stream().anyMatch(PERSONAL::contains)) {
            copy.profilePending = true; // fetched again through the hub by the import completion job
        }
        copy.updatedAt = now;
    }

}
