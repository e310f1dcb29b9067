package org.chaekieum.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.NumberForm;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.hub.registry.RegistrationDecision.AlreadyRegistered;
import org.chaekieum.hub.registry.RegistrationDecision.Duplicate;
import org.chaekieum.hub.registry.RegistrationDecision.Holder;
import org.chaekieum.hub.registry.RegistrationDecision.Refuse;
import org.chaekieum.hub.registry.RegistrationDecision.Register;
import org.junit.jupiter.api.Test;

class RegistrationDecisionTest {

    private static final String LIBRARY = "123456";
    private static final String NUMBER = UnifiedMemberNumber.issue(LibraryCode.of(LIBRARY), 24, 1).value();

    private static MemberEnrolled enrolled(String number, NumberForm form, String issuingLibrary, MemberStatus status) {
        return new MemberEnrolled(number, form, issuingLibrary, issuingLibrary, "seoul", "hash-abcdef0123456789",
                MemberCategory.FULL, status, Instant.parse("2024-06-01T10:00:00Z"));
    }

    @Test
    void registersNewPersonUnderValidNumber() {
        var outcome = RegistrationDecision.decide(enrolled(NUMBER, NumberForm.CHECK_DIGIT, LIBRARY, MemberStatus.NORMAL),
                Optional.empty(), Optional.empty());
        assertThat(outcome).isEqualTo(new Register(false));
    }

    @Test
    void confirmsProvisionalEnrollment() {
        var outcome = RegistrationDecision.decide(
                enrolled(NUMBER, NumberForm.CHECK_DIGIT, LIBRARY, MemberStatus.PROVISIONAL), Optional.empty(),
                Optional.empty());
        assertThat(outcome).isEqualTo(new Register(true));
    }

    @Test
    void examplNumberOfTheStandardIsValid() {
        assertThat(RegistrationDecision.checkNumber("12345624000015", NumberForm.CHECK_DIGIT, "123456")).isEmpty();
    }

    @Test
    void refusesWrongCheckDigit() {
        String bad = NUMBER.substring(0, 13) + ((NUMBER.charAt(13) - '0' + 1) % 10);
        var outcome = RegistrationDecision.decide(enrolled(bad, NumberForm.CHECK_DIGIT, LIBRARY, MemberStatus.NORMAL),
                Optional.empty(), Optional.empty());
        assertThat(outcome).isInstanceOf(Refuse.class);
        assertThat(((Refuse) outcome).code()).isEqualTo(ErrorCode.MEMBER_NUMBER_CHECK_DIGIT);
    }

    @Test
    void refusesNumberThatIsNotFourteenDigits() {
        for (String bad : new String[] {"1234562400001", "123456240000150", "12345624O00015", ""}) {
            assertThat(RegistrationDecision.checkNumber(bad, NumberForm.CHECK_DIGIT, LIBRARY))
                    .get().extracting(Refuse::code).isEqualTo(ErrorCode.MEMBER_NUMBER_INVALID);
        }
    }

    @Test
    void refusesLegacyNumberOutsideMigration() {
        var outcome = RegistrationDecision.decide(
                enrolled("12345624000001", NumberForm.LEGACY, LIBRARY, MemberStatus.NORMAL), Optional.empty(),
                Optional.empty());
        assertThat(((Refuse) outcome).code()).isEqualTo(ErrorCode.MEMBER_NUMBER_LEGACY_NOT_ALLOWED);
    }

    @Test
    void refusesNumberNotIssuedByTheNamedLibrary() {
        var outcome = RegistrationDecision.decide(enrolled(NUMBER, NumberForm.CHECK_DIGIT, "654321", MemberStatus.NORMAL),
                Optional.empty(), Optional.empty());
        assertThat(((Refuse) outcome).code()).isEqualTo(ErrorCode.MEMBER_NUMBER_INVALID);
    }

    @Test
    void refusalComesBeforeEverythingElse() {
        var outcome = RegistrationDecision.decide(enrolled(NUMBER, NumberForm.LEGACY, LIBRARY, MemberStatus.NORMAL),
                Optional.of(new Holder(NUMBER, "seoul", MemberStatus.NORMAL)),
                Optional.of(new Holder("12345624000015", "busan", MemberStatus.NORMAL)));
        assertThat(outcome).isInstanceOf(Refuse.class);
    }

    @Test
    void knownNumberIsANoOp() {
        var outcome = RegistrationDecision.decide(enrolled(NUMBER, NumberForm.CHECK_DIGIT, LIBRARY, MemberStatus.NORMAL),
                Optional.of(new Holder(NUMBER, "seoul", MemberStatus.NORMAL)),
                Optional.of(new Holder(NUMBER, "seoul", MemberStatus.NORMAL)));
        assertThat(outcome).isInstanceOf(AlreadyRegistered.class);
    }

    @Test
    void samePersonUnderAnotherNumberIsADuplicate() {
        var outcome = RegistrationDecision.decide(enrolled(NUMBER, NumberForm.CHECK_DIGIT, LIBRARY, MemberStatus.NORMAL),
                Optional.empty(), Optional.of(new Holder("12345624000015", "busan", MemberStatus.NORMAL)));
        assertThat(outcome).isEqualTo(new Duplicate("12345624000015", "busan"));
    }
}
