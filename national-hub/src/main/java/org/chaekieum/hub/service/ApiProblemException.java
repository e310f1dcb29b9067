package org.chaekieum.hub.service;

import java.util.List;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;

/** A refusal of a request, answered as an RFC 9457 problem with a stable code. */
public class ApiProblemException extends RuntimeException {

    private final ErrorCode code;
    private final String detailKo;
    private final List<Problem.FieldError> errors;

    public ApiProblemException(ErrorCode code, String detail, String detailKo) {
        this(code, detail, detailKo, List.of());
    }

    public ApiProblemException(ErrorCode code, String detail, String detailKo, List<Problem.FieldError> errors) {
        super(detail);
        this.code = code;
        this.detailKo = detailKo;
        this.errors = errors;
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
}
