package org.chaekieum.region.circulation;

import java.util.ArrayList;
import java.util.List;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.RightsGiveRequest;
import org.chaekieum.contracts.api.RightsRequest;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.runtime.problem.ProblemException;

/**
 * Validation of what the hub routes to this region on behalf of another region, as a pure function: every field error
 * at once, before anything is read or written.
 */
public final class FederationRequests {

    private FederationRequests() {
    }

    /** A return at another region's library of one of this region's items. */
    public static List<FieldError> check(FederatedReturn request) {
        List<FieldError> errors = new ArrayList<>();
        try {
            ItemBarcode.parse(request.itemBarcode());
        } catch (InvalidIdentifierException e) {
            errors.add(FieldError.of("itemBarcode", e.code()));
        }
        if (!LibraryCode.isValid(request.returnedAtLibrary())) {
            errors.add(FieldError.of("returnedAtLibrary", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (request.returnedAt() == null) {
            errors.add(FieldError.of("returnedAt", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.instant(errors, "returnedAt", request.returnedAt());
        }
        FieldChecks.line(errors, "requestingRegion", request.requestingRegion(), FederatedReturn.REQUESTING_REGION_MAX);
        return errors;
    }

    /** Refuses a return routed here with every field error at once (an empty body as malformed). */
    public static void requireValid(FederatedReturn request) {
        if (request == null) {
            throw ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body");
        }
        List<FieldError> errors = check(request);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** The hub's ask to give back a member's rights: a member number, a move id and a count of at least 1. */
    public static void requireValid(String memberNumber, RightsGiveRequest request) {
        if (request == null) {
            throw ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body");
        }
        List<FieldError> errors = new ArrayList<>();
        try {
            UnifiedMemberNumber.parse(memberNumber);
        } catch (InvalidIdentifierException e) {
            errors.add(FieldError.of("memberNumber", e.code()));
        }
        String moveId = request.moveId();
        if (moveId == null || moveId.isEmpty()) {
            errors.add(FieldError.of("moveId", ErrorCode.FIELD_REQUIRED));
        } else if (!RightsRequest.validMoveId(moveId)) {
            errors.add(FieldError.of("moveId", ErrorCode.FIELD_INVALID));
        }
        if (request.count() == null) {
            errors.add(FieldError.of("count", ErrorCode.FIELD_REQUIRED));
        } else if (request.count() < 1) {
            errors.add(FieldError.of("count", ErrorCode.FIELD_INVALID));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
