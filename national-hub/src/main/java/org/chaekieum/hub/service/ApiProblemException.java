package org.chaekieum.hub.service;

import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;

/** A refusal of a request, answered as an RFC 9457 problem with a stable code. */
public class ApiProblemException extends RuntimeException {

    private final ErrorCode code;
    private final String detailKo;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> context;

    public ApiProblemException(ErrorCode code, String detail, String detailKo) {
        this(code, detail, detailKo, List.of());
    }

    public ApiProblemException(ErrorCode code, String detail, String detailKo, List<Problem.FieldError> errors) {
        this(code, detail, detailKo, errors, Map.of());
    }

    public ApiProblemException(ErrorCode code, String detail, String detailKo, List<Problem.FieldError> errors,
                               Map<String, Object> context) {
        super(detail);
        this.code = code;
        this.detailKo = detailKo;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.context = context == null ? Map.of() : Map.copyOf(context);
    }

    public ErrorCode code() {
        return code;
    }

    public String detailKo() {
        return detailKo;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Numbers a librarian can act on (never personal data). */
    public Map<String, Object> context() {
        return context;
    }
}
