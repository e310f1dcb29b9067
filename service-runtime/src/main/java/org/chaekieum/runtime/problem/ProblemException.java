package org.chaekieum.runtime.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.Messages;

/**
 * A refusal, answered by {@link ProblemMappers} as RFC 9457 problem+json with a stable {@link ErrorCode}, the code's
 * messages (or a more specific detail) in English and Korean, the request's field errors and the numbers a librarian
 * can act on. The one exception type of both services. Carries no personal data, and no texts of its own: a detail is
 * named, and its texts come from the message bundle ({@link Messages}).
 */
public class ProblemException extends RuntimeException {

    private final ErrorCode code;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> context;
    private final Messages.Text detail;
    private final Map<String, String> headers;

    /** A refusal with the code's own messages. */
    public ProblemException(ErrorCode code) {
        this(code, List.of(), Map.of(), null, Map.of());
    }

    private ProblemException(ErrorCode code, List<Problem.FieldError> errors, Map<String, Object> context,
                             Messages.Text detail, Map<String, String> headers) {
        super(code.name() + (detail == null ? "" : ": " + detail.en()), null, false, false);
        this.code = code;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.context = context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(context));
        this.detail = detail;
        this.headers = headers;
    }

    /**
     * A refusal with a more specific detail: the text {@code <code>.<detail>} of the message bundle ({@link Messages}),
     * in both languages, with these values.
     */
    public static ProblemException because(ErrorCode code, String detail, Object... args) {
        return because(code, Messages.of(code, detail, args));
    }

    /** A refusal with a detail a rule rendered from the message bundle (null: the code's own messages). */
    public static ProblemException because(ErrorCode code, Messages.Text detail) {
        return new ProblemException(code, List.of(), Map.of(), detail, Map.of());
    }

    /** The same refusal with the request's field errors. */
    public ProblemException withErrors(List<Problem.FieldError> fieldErrors) {
        return new ProblemException(code, fieldErrors, context, detail, headers);
    }

    /** The same refusal with numbers a librarian can act on (never personal data). */
    public ProblemException withContext(Map<String, Object> numbers) {
        return new ProblemException(code, errors, numbers, detail, headers);
    }

    /** The same refusal, answered with one more HTTP header (e.g. {@code Retry-After}). */
    public ProblemException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ProblemException(code, errors, context, detail, Map.copyOf(more));
    }

    /** A refusal from the hub or another region, passed on to the library as it came (code, details, context). */
    public static ProblemException relayed(ErrorCode code, Problem problem) {
        if (problem == null) {
            return new ProblemException(code);
        }
        return new ProblemException(code, problem.errors() == null ? List.of() : problem.errors(),
                problem.context() == null ? Map.of() : problem.context(),
                problem.detail() == null ? null : new Messages.Text(problem.detail(), problem.detailKo()), Map.of());
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(ErrorCode.VALIDATION_FAILED).withErrors(errors);
    }

    public Problem toProblem(String instance) {
        Problem problem = Problem.of(code, instance, errors, context);
        return detail == null ? problem : problem.withDetail(detail.en(), detail.ko());
    }

    public ErrorCode code() {
        return code;
    }

    /** HTTP headers the answer carries besides the problem (none for most refusals). */
    public Map<String, String> headers() {
        return headers;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Numbers a librarian can act on (never personal data). */
    public Map<String, Object> context() {
        return context;
    }

    /** The detail in both languages, or null for the code's own messages. */
    public Messages.Text detail() {
        return detail;
    }
}
