package org.chaekieum.region.service;

import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;

/** A refusal to answer with a problem+json body. Carries no personal data. */
public class ProblemException extends RuntimeException {

    private final ErrorCode code;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> context;
    private final String detailEn;
    private final String detailKo;

    public ProblemException(ErrorCode code) {
        this(code, List.of(), Map.of(), null, null);
    }

    public ProblemException(ErrorCode code, List<Problem.FieldError> errors, Map<String, Object> context, String detailEn,
                            String detailKo) {
        super(code.name() + (detailEn == null ? "" : ": " + detailEn), null, false, false);
        this.code = code;
        this.errors = errors;
        this.context = context;
        this.detailEn = detailEn;
        this.detailKo = detailKo;
    }

    /** A refusal from the hub or another region, passed on to the library as it came (code, details, context). */
    public static ProblemException relayed(ErrorCode code, org.chaekieum.contracts.api.Problem problem) {
        if (problem == null) {
            return new ProblemException(code);
        }
        return new ProblemException(code, problem.errors() == null ? List.of() : problem.errors(),
                problem.context() == null ? Map.of() : problem.context(), problem.detail(), problem.detailKo());
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(ErrorCode.VALIDATION_FAILED, errors, Map.of(), null, null);
    }

    public Problem toProblem(String instance) {
        Problem problem = Problem.of(code, instance, errors, context);
        return detailEn == null ? problem : problem.withDetail(detailEn, detailKo);
    }

    public ErrorCode code() {
        return code;
    }
}
