package org.chaekieum.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.chaekieum.contracts.security.Access;

/**
 * Calls a service's endpoints with chosen tokens (or none), with a plain HTTP client that adds nothing of its own, and
 * lists the endpoints the service's OpenAPI document declares, so that an access test covers every endpoint there is.
 */
public final class AccessMatrix {

    /** One endpoint: method, path template as in the OpenAPI document, and the roles that may call it. */
    public record Endpoint(String method, String template, Set<String> roles) {
        public String key() {
            return method + " " + template;
        }

        @Override
        public String toString() {
            return key();
        }
    }

    /** What came back. */
    public record Answer(int status, String contentType, String body) {
        /** The stable problem code of a problem+json answer, or null. */
        public String code() {
            try {
                JsonNode node = JSON.readTree(body);
                return node.hasNonNull("code") ? node.get("code").asText() : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final URI base;
    private final Map<String, String> pathValues;
    // HTTP/1.1 as library systems speak it: the JDK client's default h2c upgrade once read a large answer
    // (the OpenAPI document) as HTTP/2 frames on a loaded CI machine ("Frame type(105) ... exceeds MAX_FRAME_SIZE").
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param base       the service's root, e.g. http://127.0.0.1:18091
     * @param pathValues a value for every path parameter name (as in the templates)
     */
    public AccessMatrix(URI base, Map<String, String> pathValues) {
        this.base = base;
        this.pathValues = pathValues;
    }

    public static Endpoint at(String method, String template, String... roles) {
        return new Endpoint(method, template, new LinkedHashSet<>(List.of(roles)));
    }

    /**
     * One valid token for each role of the federation, by role: a library system of {@code library}, an operator and
     * the service account of {@code region}, the national monitor, the hub's service account; and, as
     * {@code "(none of the federation's)"}, a token with none of these roles.
     */
    public static Map<String, String> oneTokenPerRole(String library, String region) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(Access.LIBRARY_SYSTEM, TestTokens.librarySystem(library));
        tokens.put(Access.REGION_OPERATOR, TestTokens.operator(region));
        tokens.put(Access.NATIONAL_MONITOR, TestTokens.monitor());
        tokens.put(Access.REGION_SERVICE, TestTokens.regionService(region));
        tokens.put(Access.HUB_SERVICE, TestTokens.hubService());
        tokens.put("(none of the federation's)", TestTokens.noRole());
        return tokens;
    }

    /** No token, and every kind of token a service must refuse with 401, each claiming to act for this library. */
    public static Map<String, String> unauthenticatedCallers(String library) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("expired", TestTokens.expired(library));
        tokens.put("wrong issuer", TestTokens.wrongIssuer(library));
        tokens.put("wrong audience", TestTokens.wrongAudience(library));
        tokens.put("tampered", TestTokens.tampered("000000", library));
        tokens.put("unknown signing key", TestTokens.foreignKey(library));
        return tokens;
    }

    /**
     * Calls every endpoint as every caller except those whose role it admits ({@code callers}: role or description to
     * token; null for no token) and expects this status and, when not null, this problem code.
     */
    public void expectRefused(List<Endpoint> endpoints, Map<String, String> callers, Function<Endpoint, String> bodies,
                              int status, String code, SoftAssertions soft) {
        for (Endpoint endpoint : endpoints) {
            callers.forEach((caller, token) -> {
                if (endpoint.roles().contains(caller)) {
                    return;
                }
                Answer answer = call(endpoint, token, bodies.apply(endpoint));
                soft.assertThat(answer.status()).as("%s as %s: %s", endpoint, caller, answer.body()).isEqualTo(status);
                soft.assertThat(answer.contentType()).as("%s as %s", endpoint, caller)
                        .startsWith("application/problem+json");
                if (code != null) {
                    soft.assertThat(answer.code()).as("%s as %s", endpoint, caller).isEqualTo(code);
                }
            });
        }
    }

    /**
     * "METHOD /template" of every operation in the service's OpenAPI document whose path starts with the prefix, with
     * the roles its security requirement names (what an integrator reads in the document).
     */
    public Map<String, Set<String>> declaredRoles(String prefix) {
        Map<String, Set<String>> roles = new TreeMap<>();
        JsonNode paths = openApi().path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getKey().startsWith(prefix)) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                Set<String> named = new TreeSet<>();
                op.getValue().path("security").forEach(requirement -> requirement.fields()
                        .forEachRemaining(scheme -> scheme.getValue().forEach(role -> named.add(role.asText()))));
                roles.put(op.getKey().toUpperCase() + " " + path.getKey(), named);
            }
        }
        return roles;
    }

    private JsonNode openApi() {
        Answer answer = call("GET", "/q/openapi?format=json", null, null);
        if (answer.status() != 200) {
            throw new IllegalStateException("no OpenAPI document: " + answer.status());
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts that the endpoints are exactly the operations the service's OpenAPI document declares under the prefix:
     * an endpoint added to the service fails the test until it is listed.
     */
    public void assertEveryOperationListed(List<Endpoint> endpoints, String prefix) {
        Set<String> listed = endpoints.stream().map(Endpoint::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(declaredOperations(prefix)).isEqualTo(listed);
    }

    /** Asserts that the OpenAPI document names, for every endpoint, the roles it is listed with here. */
    public void assertDeclaredRoles(List<Endpoint> endpoints, String prefix) {
        Map<String, Set<String>> expected = new TreeMap<>();
        endpoints.forEach(endpoint -> expected.put(endpoint.key(), new TreeSet<>(endpoint.roles())));
        assertThat(declaredRoles(prefix)).isEqualTo(expected);
    }

    /** Asserts that each path answers a GET without a token with 200 (health, metrics, the API document). */
    public void assertOpen(String... paths) {
        for (String path : paths) {
            assertThat(call("GET", path, null, null).status()).as(path).isEqualTo(200);
        }
    }

    /** "METHOD /template" of every operation in the service's OpenAPI document whose path starts with the prefix. */
    public Set<String> declaredOperations(String prefix) {
        Answer answer = call("GET", "/q/openapi?format=json", null, null);
        if (answer.status() != 200) {
            throw new IllegalStateException("no OpenAPI document: " + answer.status());
        }
        Set<String> operations = new TreeSet<>();
        try {
            JsonNode paths = JSON.readTree(answer.body()).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                if (!path.getKey().startsWith(prefix)) {
                    continue;
                }
                path.getValue().fieldNames().forEachRemaining(method -> {
                    if (METHODS.contains(method)) {
                        operations.add(method.toUpperCase() + " " + path.getKey());
                    }
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return operations;
    }

    /** Calls the endpoint with its template filled in; {@code token} null sends no Authorization header. */
    public Answer call(Endpoint endpoint, String token, String jsonBody) {
        return call(endpoint.method(), fill(endpoint.template(), Map.of()), token, jsonBody);
    }

    /** As {@link #call(Endpoint, String, String)} with some path values replaced (e.g. another library code). */
    public Answer call(Endpoint endpoint, Map<String, String> overrides, String token, String jsonBody) {
        return call(endpoint.method(), fill(endpoint.template(), overrides), token, jsonBody);
    }

    public Answer call(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        boolean withBody = !method.equals("GET") && !method.equals("DELETE");
        if (withBody) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, withBody ? HttpRequest.BodyPublishers.ofString(jsonBody == null ? "{}" : jsonBody)
                : HttpRequest.BodyPublishers.noBody());
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String fill(String template, Map<String, String> overrides) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = overrides.getOrDefault(name, pathValues.get(name));
            if (value == null) {
                throw new IllegalArgumentException("no value for path parameter " + name + " of " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
