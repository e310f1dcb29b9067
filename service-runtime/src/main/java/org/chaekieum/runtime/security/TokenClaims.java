package org.chaekieum.runtime.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads the claims both services confine callers by ({@code region}, {@code library_codes}), however the identity
 * provider spells them: a JSON string, a JSON array, a collection, or one string of codes separated by spaces or
 * commas.
 */
public final class TokenClaims {

    private TokenClaims() {
    }

    /** A claim as one text, or empty when the token has none (or the caller has no token). */
    public static Optional<String> text(SecurityIdentity identity, String name) {
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Optional.empty();
        }
        Object value = jwt.getClaim(name);
        String text = value instanceof JsonString s ? s.getString() : value == null ? null : value.toString();
        return Optional.ofNullable(text).filter(s -> !s.isBlank());
    }

    /** A claim as a list of values (library codes), empty when the token has none. */
    public static List<String> list(SecurityIdentity identity, String name) {
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return List.of();
        }
        Object value = jwt.getClaim(name);
        List<String> values = new ArrayList<>();
        if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                values.addAll(split(item instanceof JsonString s ? s.getString() : item.toString()));
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> values.addAll(split(String.valueOf(item))));
        } else if (value instanceof JsonString s) {
            values.addAll(split(s.getString()));
        } else if (value != null) {
            values.addAll(split(value.toString()));
        }
        return values;
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split("[\\s,\"]+")).filter(s -> !s.isBlank()).toList();
    }
}
