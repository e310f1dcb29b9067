package org.chaekieum.region.members;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;

/**
 * Validation of an enrollment as a pure function: the request and today's date in, every field error out (all at once,
 * so the librarian fixes the form in one pass). An empty list means {@link #accept} yields a valid enrollment.
 */
public final class EnrollmentRules {

    /** Under this age a legal guardian's name, phone and consent are required. */
    public static final int GUARDIAN_AGE = 14;
    private static final Pattern PHONE = Pattern.compile("0\\d{1,2}-?\\d{3,4}-?\\d{4}");

    private EnrollmentRules() {
    }

    /** A request that passed validation, with parsed values. */
    public record ValidEnrollment(String name, LocalDate birthDate, String phone, String address, String identityKey,
                                  MemberCategory category, boolean thirdPartyTransferConsent, String guardianName,
                                  String guardianPhone, boolean minor) {
    }

    /**
     * Every field error at once. Every text is held to its bound ({@link EnrollmentRequest#NAME_MAX}, ...) and to the
     * characters a field admits before its format is read; the guardian's too, whatever the member's age.
     */
    public static List<FieldError> check(EnrollmentRequest request, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        text(errors, "name", request.name(), EnrollmentRequest.NAME_MAX);
        LocalDate birthDate = null;
        if (blank(request.birthDate())) {
            errors.add(FieldError.of("birthDate", ErrorCode.FIELD_REQUIRED));
        } else if (FieldChecks.line(errors, "birthDate", request.birthDate(), EnrollmentRequest.BIRTH_DATE_MAX)) {
            birthDate = parseDate(request.birthDate());
            if (birthDate == null || birthDate.isAfter(today) || birthDate.getYear() < 1900) {
                errors.add(FieldError.of("birthDate", ErrorCode.BIRTH_DATE_INVALID));
                birthDate = null;
            }
        }
        phone(errors, "phone", request.phone(), EnrollmentRequest.PHONE_MAX);
        FieldChecks.text(errors, "address", request.address(), EnrollmentRequest.ADDRESS_MAX);
        text(errors, "identityKey", request.identityKey(), EnrollmentRequest.IDENTITY_KEY_MAX);
        if (blank(request.category())) {
            errors.add(FieldError.of("category", ErrorCode.FIELD_REQUIRED));
        } else if (FieldChecks.line(errors, "category", request.category(), EnrollmentRequest.CATEGORY_MAX)
                && category(request.category()) == null) {
            errors.add(FieldError.of("category", ErrorCode.CATEGORY_INVALID));
        }
        if (request.consents() == null || !Boolean.TRUE.equals(request.consents().personalData())) {
            errors.add(FieldError.of("consents.personalData", ErrorCode.CONSENT_REQUIRED));
        }
        EnrollmentRequest.Guardian guardian = request.guardian();
        boolean guardianNameFits = guardian == null
                || FieldChecks.line(errors, "guardian.name", guardian.name(), EnrollmentRequest.Guardian.NAME_MAX);
        boolean guardianPhoneFits = guardian == null
                || FieldChecks.line(errors, "guardian.phone", guardian.phone(), EnrollmentRequest.Guardian.PHONE_MAX);
        if (birthDate != null && isMinor(birthDate, today)) {
            if (guardianNameFits && (guardian == null || blank(guardian.name()))) {
                errors.add(FieldError.of("guardian.name", ErrorCode.GUARDIAN_REQUIRED));
            }
            if (guardianPhoneFits) {
                if (guardian == null || blank(guardian.phone())) {
                    errors.add(FieldError.of("guardian.phone", ErrorCode.GUARDIAN_REQUIRED));
                } else if (!PHONE.matcher(guardian.phone().trim()).matches()) {
                    errors.add(FieldError.of("guardian.phone", ErrorCode.PHONE_INVALID));
                }
            }
            if (guardian == null || !Boolean.TRUE.equals(guardian.consent())) {
                errors.add(FieldError.of("guardian.consent", ErrorCode.GUARDIAN_REQUIRED));
            }
        }
        return errors;
    }

    /** The parsed enrollment; call only when {@link #check} found nothing. */
    public static ValidEnrollment accept(EnrollmentRequest request, LocalDate today) {
        LocalDate birthDate = parseDate(request.birthDate());
        boolean minor = isMinor(birthDate, today);
        EnrollmentRequest.Guardian guardian = request.guardian();
        return new ValidEnrollment(request.name().trim(), birthDate, request.phone().trim(),
                blank(request.address()) ? null : request.address().trim(), request.identityKey().trim(),
                category(request.category()),
                request.consents() != null && Boolean.TRUE.equals(request.consents().thirdPartyTransfer()),
                minor && guardian != null ? guardian.name().trim() : null,
                minor && guardian != null ? guardian.phone().trim() : null,
                minor);
    }

    public static boolean isMinor(LocalDate birthDate, LocalDate today) {
        return Period.between(birthDate, today).getYears() < GUARDIAN_AGE;
    }

    /** A required single line of text within its bound. */
    private static void text(List<FieldError> errors, String field, String value, int maxLength) {
        if (blank(value)) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.line(errors, field, value, maxLength);
        }
    }

    private static void phone(List<FieldError> errors, String field, String value, int maxLength) {
        if (blank(value)) {
            errors.add(FieldError.of(field, ErrorCode.FIELD_REQUIRED));
        } else if (FieldChecks.line(errors, field, value, maxLength) && !PHONE.matcher(value.trim()).matches()) {
            errors.add(FieldError.of(field, ErrorCode.PHONE_INVALID));
        }
    }

    private static MemberCategory category(String value) {
        try {
            return MemberCategory.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static LocalDate parseDate(String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
