package org.chaekieum.hub.registry;

import java.util.Objects;
import java.util.Optional;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.id.NumberForm;
import org.chaekieum.contracts.id.UnifiedMemberNumber;

/**
 * What the national registry does with a region's enrollment: a pure function of the event and of what the registry
 * already holds. Called from a transactional service; unit-tested without a database.
 */
public final class RegistrationDecision {

    private RegistrationDecision() {
    }

    /** The outcome of one enrollment. */
    public sealed interface Outcome permits Register, Duplicate, Refuse, AlreadyRegistered {
    }

    /** New person, new number: register it as NORMAL. */
    public record Register(boolean wasProvisional) implements Outcome {
    }

    /** The person already holds an active number: the new number is linked to it. */
    public record Duplicate(String existingMemberNumber, String existingRegion) implements Outcome {
    }

    /** The number breaks the numbering standard: it is not registered. */
    public record Refuse(ErrorCode code, String reason) implements Outcome {
    }

    /** The registry already holds this number: nothing to do (a redelivery or a re-announcement). */
    public record AlreadyRegistered() implements Outcome {
    }

    /** A number the registry holds, as far as this decision needs it. */
    public record Holder(String memberNumber, String region, MemberStatus status) {
        public Holder {
            Objects.requireNonNull(memberNumber, "memberNumber");
        }
    }

    /**
     * @param event            the region's enrollment
     * @param sameNumber       what the registry holds under the event's number, if anything
     * @param activeSameIdentity the active number (not LINKED nor WITHDRAWN) holding the event's identity hash, if any
     */
    public static Outcome decide(MemberEnrolled event, Optional<Holder> sameNumber, Optional<Holder> activeSameIdentity) {
        Optional<Refuse> refusal = checkNumber(event.memberNumber(), event.numberForm(), event.issuingLibrary());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (sameNumber.isPresent()) {
            return new AlreadyRegistered();
        }
        if (activeSameIdentity.isPresent()) {
            Holder existing = activeSameIdentity.get();
            return new Duplicate(existing.memberNumber(), existing.region());
        }
        return new Register(event.status() == MemberStatus.PROVISIONAL);
    }

    /**
     * The numbering standard for a number arriving by enrollment: check-digit form only (legacy numbers enter only by
     * migration), 14 digits with a correct check digit, and the first 6 digits name the issuing library.
     */
    public static Optional<Refuse> checkNumber(String memberNumber, NumberForm form, String issuingLibrary) {
        if (form == NumberForm.LEGACY) {
            return Optional.of(new Refuse(ErrorCode.MEMBER_NUMBER_LEGACY_NOT_ALLOWED,
                    "legacy numbers enter the registry only by migration"));
        }
        UnifiedMemberNumber number;
        try {
            number = UnifiedMemberNumber.parse(memberNumber);
        } catch (InvalidIdentifierException e) {
            return Optional.of(new Refuse(e.code(), e.code() == ErrorCode.MEMBER_NUMBER_CHECK_DIGIT
                    ? "check digit does not match the first 13 digits"
                    : "a unified member number is exactly 14 digits"));
        }
        if (!number.issuingLibrary().value().equals(issuingLibrary)) {
            return Optional.of(new Refuse(ErrorCode.MEMBER_NUMBER_INVALID,
                    "issuing library " + issuingLibrary + " is not the first 6 digits of the number"));
        }
        return Optional.empty();
    }
}
