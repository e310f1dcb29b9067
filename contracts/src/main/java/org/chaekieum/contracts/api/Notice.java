package org.chaekieum.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A warning that comes with a successful answer, for the librarian (Korean and English), e.g. a suspended member
 * lent to by a warn-only library. {@code code} is a stable error code; {@code context} holds its numbers and dates.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Notice(String code, String message, String messageKo, Map<String, Object> context) {
}
