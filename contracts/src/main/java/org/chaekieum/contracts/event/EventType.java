package org.chaekieum.contracts.event;

import java.util.Arrays;
import java.util.Optional;

/** Every event type of the federation, its CloudEvents type (with schema version) and its payload schema. */
public enum EventType {
    /** A region enrolled a member (provisionally if the hub could not be asked). Region -> hub. */
    MEMBER_ENROLLED("org.chaekieum.member.enrolled.v1", MemberEnrolled.class, Topics.MEMBER_EVENTS),
    /** A region linked a duplicate number to the person's older number. Region -> hub. */
    MEMBER_LINKED("org.chaekieum.member.linked.v1", MemberLinked.class, Topics.MEMBER_EVENTS),
    /** The home region changed a member's category, modifier, status or personal fields. Region -> hub. */
    MEMBER_UPDATED("org.chaekieum.member.updated.v1", MemberUpdated.class, Topics.MEMBER_EVENTS),
    /** A late return or an operator suspended the member from borrowing. Region -> hub. */
    MEMBER_SUSPENDED("org.chaekieum.member.suspended.v1", MemberSuspended.class, Topics.MEMBER_EVENTS),
    /**
     * An operator lifted the suspensions set by the libraries of their region, or a library system the one its own
     * library set. Region -> hub.
     */
    MEMBER_SUSPENSION_LIFTED("org.chaekieum.member.suspension-lifted.v1", MemberSuspensionLifted.class,
            Topics.MEMBER_EVENTS),
    /** The hub applied a member update; regions holding a copy follow. Hub -> regions. */
    MEMBER_CHANGED("org.chaekieum.member.changed.v1", MemberChanged.class, Topics.NATIONAL_DECISIONS),
    /** A loan was committed. Region -> hub. */
    LOAN_CREATED("org.chaekieum.loan.created.v1", LoanCreated.class, Topics.MEMBER_EVENTS),
    /** A loan's due date moved. Region -> hub. */
    LOAN_RENEWED("org.chaekieum.loan.renewed.v1", LoanRenewed.class, Topics.MEMBER_EVENTS),
    /** The daily overdue run found a loan past its due date (once per loan), for notices. Region -> hub. */
    LOAN_OVERDUE("org.chaekieum.loan.overdue.v1", LoanOverdue.class, Topics.MEMBER_EVENTS),
    /** A loan ended. Region -> hub. */
    LOAN_RETURNED("org.chaekieum.loan.returned.v1", LoanReturned.class, Topics.MEMBER_EVENTS),
    /** A checkout was refused by a circulation rule (for the national statistics of refusals). Region -> hub. */
    CHECKOUT_REFUSED("org.chaekieum.checkout.refused.v1", CheckoutRefused.class, Topics.MEMBER_EVENTS),
    /** Rights of a member's national cap moved to or from a region (credited, given back). Region -> hub. */
    RIGHTS_HELD("org.chaekieum.rights.held.v1", RightsHeld.class, Topics.MEMBER_EVENTS),
    /** The hub's ledger granted a region rights of a member's national cap. Hub -> regions. */
    RIGHTS_GRANTED("org.chaekieum.rights.granted.v1", RightsGranted.class, Topics.NATIONAL_DECISIONS),
    /** A member was registered at one more library (반입). Region -> hub. */
    MEMBER_IMPORTED("org.chaekieum.member.imported.v1", MemberImported.class, Topics.MEMBER_EVENTS),
    /** An item returned away from its owning library moved on in transit. Region -> hub. */
    LOAN_TRANSIT_CHANGED("org.chaekieum.loan.transit-changed.v1", LoanTransitChanged.class, Topics.MEMBER_EVENTS),
    /** The member's suspension as the federation now knows it (after a suspension or a lift). Hub -> regions. */
    SUSPENSION_CHANGED("org.chaekieum.member.suspension-changed.v1", SuspensionChanged.class,
            Topics.NATIONAL_DECISIONS),
    /** Degraded loans took a member past the national cap. Hub -> regions. */
    NATIONAL_CAP_OVERRUN("org.chaekieum.cap.overrun.v1", NationalCapOverrun.class, Topics.NATIONAL_DECISIONS),
    /** The hub registered a number in the national registry. Hub -> regions. */
    MEMBER_REGISTERED("org.chaekieum.member.registered.v1", MemberRegistered.class, Topics.NATIONAL_DECISIONS),
    /** The hub found the same person under two numbers. Hub -> regions. */
    DUPLICATE_IDENTITY_DETECTED("org.chaekieum.member.duplicate-detected.v1", DuplicateIdentityDetected.class,
            Topics.NATIONAL_DECISIONS),
    /** The hub refused a number that breaks the numbering standard. Hub -> regions. */
    MEMBER_NUMBER_REFUSED("org.chaekieum.member.number-refused.v1", MemberNumberRefused.class, Topics.NATIONAL_DECISIONS);

    private final String ceType;
    private final Class<? extends EventPayload> payloadType;
    private final String topic;

    EventType(String ceType, Class<? extends EventPayload> payloadType, String topic) {
        this.ceType = ceType;
        this.payloadType = payloadType;
        this.topic = topic;
    }

    public String ceType() {
        return ceType;
    }

    public Class<? extends EventPayload> payloadType() {
        return payloadType;
    }

    public String topic() {
        return topic;
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }

    public static EventType of(Class<? extends EventPayload> payloadType) {
        return Arrays.stream(values()).filter(t -> t.payloadType == payloadType).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + payloadType));
    }
}
