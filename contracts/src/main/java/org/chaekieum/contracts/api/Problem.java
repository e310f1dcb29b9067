package org.chaekieum.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.Messages;

/**
 * RFC 9457 problem details ({@code application/problem+json}) as every service of the federation answers a refusal.
 *
 * <p>{@code title} and {@code detail} are in English; {@code titleKo} and {@code detailKo} carry the same in Korean for
 * the librarian's screen. {@code code} is stable: integrations branch on it, never on the text. {@code errors} lists
 * every field error of the request at once. {@code context} carries the numbers a librarian can act on (for example
 * the existing member number when an identity is already enrolled).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        String titleKo,
        String detailKo,
        List<FieldError> errors,
        Map<String, Object> context) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem for a stable code, in both languages, with optional field errors and context. */
    public static Problem of(ErrorCode code, String instance, List<FieldError> errors, Map<String, Object> context) {
        return new Problem(code.typeUri(), code.messageEn(), code.status(), code.messageEn(), instance, code.name(),
                code.messageKo(), code.messageKo(), errors == null ? List.of() : List.copyOf(errors),
                context == null ? Map.of() : Map.copyOf(context));
    }

    public static Problem of(ErrorCode code, String instance) {
        return of(code, instance, null, null);
    }

    /** Same problem with a more specific detail in both languages. */
    public Problem withDetail(String detailEn, String detailKo) {
        return new Problem(type, title, status, detailEn, instance, code, titleKo, detailKo, errors, context);
    }

    /** One invalid field: JSON path of the field, its stable code and messages in both languages. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String code, String message, String messageKo) {
        public static FieldError of(String field, ErrorCode code) {
            return new FieldError(field, code.name(), code.messageEn(), code.messageKo());
        }

        /** A field error with a more specific message: the bundle's detail {@code <code>.<detail>} with its values. */
        public static FieldError of(String field, ErrorCode code, String detail, Object... args) {
            Messages.Text message = Messages.of(code, detail, args);
            return new FieldError(field, code.name(), message.en(), message.ko());
        }

        /** {@link ErrorCode#FIELD_TOO_LONG}, with the bound in both messages. */
        public static FieldError tooLong(String field, int maxLength) {
            return of(field, ErrorCode.FIELD_TOO_LONG, "at-most", maxLength);
        }
    }
}
