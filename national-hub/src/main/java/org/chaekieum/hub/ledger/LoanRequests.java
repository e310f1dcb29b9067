package org.chaekieum.hub.ledger;

import java.util.ArrayList;
import java.util.List;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.FederatedTransit;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.RightsRequest;
import org.chaekieum.contracts.api.RightsReturn;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.runtime.problem.ProblemException;

/** Validation of the ledger's requests: every field error at once, as VALIDATION_FAILED. */
public final class LoanRequests {

    static final int MAX_LOAN_ID = LoanReservationRequest.LOAN_ID_MAX;

    private LoanRequests() {
    }

    public static void validate(LoanReservationRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request == null) {
            for (String field : List.of("loanId", "memberNumber", "libraryCode", "region", "itemBarcode", "dueOn")) {
                errors.add(Problem.FieldError.of(field, ErrorCode.FIELD_REQUIRED));
            }
            throw failed(errors);
        }
        if (blank(request.loanId())) {
            errors.add(Problem.FieldError.of("loanId", ErrorCode.FIELD_REQUIRED));
        } else {
            loanId(request.loanId(), errors);
        }
        memberNumber(request.memberNumber(), errors);
        libraryCode("libraryCode", request.libraryCode(), errors);
        FieldChecks.regionId(errors, "region", request.region());
        barcode(request.itemBarcode(), errors);
        if (request.dueOn() == null) {
            errors.add(Problem.FieldError.of("dueOn", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.date(errors, "dueOn", request.dueOn());
        }
        if (!errors.isEmpty()) {
            throw failed(errors);
        }
    }

    public static void validate(FederatedReturn request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request == null) {
            for (String field : List.of("itemBarcode", "returnedAtLibrary", "returnedAt", "requestingRegion")) {
                errors.add(Problem.FieldError.of(field, ErrorCode.FIELD_REQUIRED));
            }
            throw failed(errors);
        }
        barcode(request.itemBarcode(), errors);
        libraryCode("returnedAtLibrary", request.returnedAtLibrary(), errors);
        if (request.returnedAt() == null) {
            errors.add(Problem.FieldError.of("returnedAt", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.instant(errors, "returnedAt", request.returnedAt());
        }
        FieldChecks.regionId(errors, "requestingRegion", request.requestingRegion());
        if (!errors.isEmpty()) {
            throw failed(errors);
        }
    }

    public static void validate(FederatedTransit request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request == null) {
            for (String field : List.of("itemBarcode", "atLibrary", "state", "requestingRegion")) {
                errors.add(Problem.FieldError.of(field, ErrorCode.FIELD_REQUIRED));
            }
            throw failed(errors);
        }
        barcode(request.itemBarcode(), errors);
        libraryCode("atLibrary", request.atLibrary(), errors);
        if (request.state() == null) {
            errors.add(Problem.FieldError.of("state", ErrorCode.FIELD_REQUIRED));
        } else if (request.state() == TransitState.RETURNED_ELSEWHERE) {
            errors.add(Problem.FieldError.of("state", ErrorCode.FIELD_INVALID));
        }
        FieldChecks.regionId(errors, "requestingRegion", request.requestingRegion());
        if (!errors.isEmpty()) {
            throw failed(errors);
        }
    }

    /** An ask for rights: the member number of the path, the asking region and the move id, every error at once. */
    public static void validate(String memberNumber, RightsRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        memberNumber(memberNumber, errors);
        if (request == null) {
            errors.add(Problem.FieldError.of("region", ErrorCode.FIELD_REQUIRED));
            errors.add(Problem.FieldError.of("moveId", ErrorCode.FIELD_REQUIRED));
            throw failed(errors);
        }
        FieldChecks.regionId(errors, "region", request.region());
        moveId(request.moveId(), errors);
        if (!errors.isEmpty()) {
            throw failed(errors);
        }
    }

    /** Rights given back: as {@link #validate(String, RightsRequest)}, and a count of at least 0. */
    public static void validate(String memberNumber, RightsReturn request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        memberNumber(memberNumber, errors);
        if (request == null) {
            for (String field : List.of("region", "moveId", "count")) {
                errors.add(Problem.FieldError.of(field, ErrorCode.FIELD_REQUIRED));
            }
            throw failed(errors);
        }
        FieldChecks.regionId(errors, "region", request.region());
        moveId(request.moveId(), errors);
        if (request.count() == null) {
            errors.add(Problem.FieldError.of("count", ErrorCode.FIELD_REQUIRED));
        } else if (request.count() < 0) {
            errors.add(Problem.FieldError.of("count", ErrorCode.FIELD_INVALID));
        }
        if (!errors.isEmpty()) {
            throw failed(errors);
        }
    }

    /** Refuses a member number in a path that is not 14 digits (VALIDATION_FAILED naming memberNumber). */
    public static void requireMemberNumber(String memberNumber) {
        List<Problem.FieldError> errors = new ArrayList<>();
        memberNumber(memberNumber, errors);
        if (!errors.isEmpty()) {
            throw failed(errors);
        }
    }

    private static void moveId(String moveId, List<Problem.FieldError> errors) {
        if (blank(moveId)) {
            errors.add(Problem.FieldError.of("moveId", ErrorCode.FIELD_REQUIRED));
        } else if (FieldChecks.length(moveId) > RightsRequest.MOVE_ID_MAX) {
            errors.add(Problem.FieldError.tooLong("moveId", RightsRequest.MOVE_ID_MAX));
        } else if (!RightsRequest.validMoveId(moveId)) {
            errors.add(Problem.FieldError.of("moveId", ErrorCode.FIELD_INVALID));
        }
    }

    /**
     * Refuses a loan id in a path that is not one: longer than {@link LoanReservationRequest#LOAN_ID_MAX}
     * (FIELD_TOO_LONG) or with other characters than letters, digits, '-' and '_' (FIELD_INVALID).
     */
    public static void requireLoanId(String loanId) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (loanId == null || loanId.isEmpty()) {
            errors.add(Problem.FieldError.of("loanId", ErrorCode.FIELD_REQUIRED));
        } else {
            loanId(loanId, errors);
        }
        if (!errors.isEmpty()) {
            throw failed(errors);
        }
    }

    private static void loanId(String loanId, List<Problem.FieldError> errors) {
        if (FieldChecks.length(loanId) > MAX_LOAN_ID) {
            errors.add(Problem.FieldError.tooLong("loanId", MAX_LOAN_ID));
        } else if (!validLoanId(loanId)) {
            errors.add(Problem.FieldError.of("loanId", ErrorCode.FIELD_INVALID));
        }
    }

    /** Six digits (the library code's shape). */
    public static boolean validLibraryCode(String code) {
        return code != null && code.matches("[0-9]{6}");
    }

    /** A loan id: 1..36 characters of letters, digits, '-' and '_' (a UUID in practice). */
    public static boolean validLoanId(String loanId) {
        return loanId != null && !loanId.isEmpty() && loanId.length() <= MAX_LOAN_ID
                && loanId.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'));
    }

    /** 14 digits (the legacy form has no check digit, so only the shape is checked). */
    public static boolean validMemberNumber(String number) {
        return number != null && number.length() == 14 && number.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static void memberNumber(String number, List<Problem.FieldError> errors) {
        if (blank(number)) {
            errors.add(Problem.FieldError.of("memberNumber", ErrorCode.FIELD_REQUIRED));
        } else if (!validMemberNumber(number)) {
            errors.add(Problem.FieldError.of("memberNumber", ErrorCode.MEMBER_NUMBER_INVALID));
        }
    }

    private static void libraryCode(String field, String code, List<Problem.FieldError> errors) {
        if (blank(code)) {
            errors.add(Problem.FieldError.of(field, ErrorCode.FIELD_REQUIRED));
        } else if (!code.matches("[0-9]{6}")) {
            errors.add(Problem.FieldError.of(field, ErrorCode.LIBRARY_CODE_INVALID));
        }
    }

    private static void barcode(String barcode, List<Problem.FieldError> errors) {
        if (blank(barcode)) {
            errors.add(Problem.FieldError.of("itemBarcode", ErrorCode.FIELD_REQUIRED));
            return;
        }
        try {
            ItemBarcode.parse(barcode);
        } catch (InvalidIdentifierException e) {
            errors.add(Problem.FieldError.of("itemBarcode", ErrorCode.ITEM_BARCODE_INVALID));
        }
    }

    private static ProblemException failed(List<Problem.FieldError> errors) {
        return ProblemException.invalid(errors);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
