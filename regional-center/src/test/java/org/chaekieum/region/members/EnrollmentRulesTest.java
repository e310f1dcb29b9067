package org.chaekieum.region.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.junit.jupiter.api.Test;

class EnrollmentRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private static EnrollmentRequest person(String birthDate, EnrollmentRequest.Guardian guardian) {
        return new EnrollmentRequest("김책이", birthDate, "010-1234-5678", null, "CI-1", "FULL",
                new EnrollmentRequest.Consents(true, false), guardian);
    }

    @Test
    void anAdultNeedsNoGuardian() {
        assertThat(EnrollmentRules.check(person("1990-01-01", null), TODAY)).isEmpty();
    }

    @Test
    void fourteenOnTheDayNeedsNoGuardianButThirteenDoes() {
        assertThat(EnrollmentRules.check(person("2012-11-23", null), TODAY)).isEmpty();
        assertThat(EnrollmentRules.check(person("2012-11-24", null), TODAY))
                .extracting(FieldError::field)
                .containsExactly("guardian.name", "guardian.phone", "guardian.consent");
    }

    @Test
    void aGuardianWhoDidNotConsentIsNotEnough() {
        EnrollmentRequest.Guardian noConsent = new EnrollmentRequest.Guardian("박보호", "010-4444-5555", false);
        assertThat(EnrollmentRules.check(person("2020-01-01", noConsent), TODAY))
                .extracting(FieldError::field).containsExactly("guardian.consent");
    }

    @Test
    void aFutureBirthDateIsInvalid() {
        assertThat(EnrollmentRules.check(person("2027-01-01", null), TODAY))
                .extracting(FieldError::code).containsExactly("BIRTH_DATE_INVALID");
    }

    @Test
    void categoriesAreReadCaseInsensitively() {
        EnrollmentRequest lower = new EnrollmentRequest("김", "1990-01-01", "01012345678", null, "CI", "associate",
                new EnrollmentRequest.Consents(true, null), null);
        assertThat(EnrollmentRules.check(lower, TODAY)).isEmpty();
        assertThat(EnrollmentRules.accept(lower, TODAY).category().name()).isEqualTo("ASSOCIATE");
    }
}
