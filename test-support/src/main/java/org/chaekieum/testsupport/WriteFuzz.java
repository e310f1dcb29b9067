package org.chaekieum.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Over-long and odd values in every field of every write endpoint's request, for a service's fuzz test.
 *
 * <p>A module lists its write endpoints, each with a supplier of one VALID request (path values and body), so that
 * each variant meets a request that would otherwise succeed: a fresh one is made after every accepted answer (a
 * refused one wrote nothing, so what the request was made for is still there). The fuzz walks the body's JSON tree
 * and, for every node (leaves and nested objects and arrays alike), sends variants chosen by the node's type: strings
 * of 5,000 and 301 characters, 300 Hangul syllables, empty and blank, NUL and other control characters, a lone
 * surrogate, emoji, wrong JSON types, huge and negative numbers, far and impossible dates, arrays of 5,000 elements;
 * the whole body gets the same by its type ({@code []}, {@code "x"}, {@code {}}, {@code null}, ...); then odd values
 * in each path parameter (percent-encoded) and in the {@code Idempotency-Key} header where the endpoint takes one.
 *
 * <p>For each answer: the status is below 500; a 4xx is {@code application/problem+json} with a {@code code}; and a
 * 4xx wrote nothing (the row counts of every table are unchanged). An accepted variant (2xx) is allowed, e.g. Korean
 * text in an address, and becomes the new baseline of the counts.
 */
public final class WriteFuzz {

    /** One valid request: the path parameters' values (unencoded) and the JSON body (null: the endpoint has none). */
    public record Valid(Map<String, String> path, String body) {
    }

    /** A write endpoint and how to make one valid request to it. */
    public static final class Endpoint {
        private final String method;
        private final String template;
        private Supplier<Valid> valid = () -> new Valid(Map.of(), null);
        private boolean idempotencyKey;

        private Endpoint(String method, String template) {
            this.method = method;
            this.template = template;
        }

        /** Fixed path values and no body. */
        public Endpoint path(Map<String, String> values) {
            return valid(() -> new Valid(values, null));
        }

        /** Fixed path values and a valid JSON body, made afresh whenever one was accepted. */
        public Endpoint body(Map<String, String> path, Supplier<String> body) {
            return valid(() -> new Valid(path, body.get()));
        }

        /**
         * A fresh valid request whenever one was accepted (path and body made together, e.g. a new member with its
         * identity key); whether the endpoint takes a body is read from the first one.
         */
        public Endpoint valid(Supplier<Valid> request) {
            this.valid = request;
            return this;
        }

        /** The endpoint takes an {@code Idempotency-Key} header (a fresh valid one goes with every request). */
        public Endpoint idempotencyKey() {
            this.idempotencyKey = true;
            return this;
        }

        public String key() {
            return method + " " + template;
        }

        @Override
        public String toString() {
            return key();
        }
    }

    /** One request the fuzz sends: which endpoint, what was changed, and the request itself. */
    private record Case(Endpoint endpoint, String what, String path, String body, List<String> idempotencyKeys) {
    }

    /** One change to a valid request. */
    private record Variant(String what, Function<Valid, Case> apply) {
    }

    /** What the fuzz found. */
    public record Report(int requests, Map<String, Integer> statuses, Map<String, String> perEndpoint,
                         List<String> failures, Duration took) {

        public String summary() {
            return requests + " requests in " + took.toMillis() + " ms; statuses " + statuses
                    + "; per endpoint (variants, ms preparing valid requests + ms sending) " + perEndpoint + "; "
                    + failures.size() + " failure(s)";
        }

        /** Fails with every failure listed (at most 300 lines). */
        public void assertNoFailures() {
            if (!failures.isEmpty()) {
                List<String> shown = failures.size() > 300 ? failures.subList(0, 300) : failures;
                throw new AssertionError(failures.size() + " fuzz failure(s):\n  " + String.join("\n  ", shown)
                        + (failures.size() > shown.size() ? "\n  ..." : "") + "\n" + summary());
            }
        }
    }

    public static Endpoint endpoint(String method, String template) {
        return new Endpoint(method, template);
    }

    private static final String VALID = "(the valid request)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Stands for an unpaired surrogate, which only a JSON escape can carry (UTF-8 cannot encode one). */
    private static final String LONE_SURROGATE = "@@LONE-SURROGATE@@";

    private final URI base;
    private final String token;
    private final RowCounts counts;
    // HTTP/1.1 as library systems speak it: the JDK client's default h2c upgrade once read a large answer
    // (the OpenAPI document) as HTTP/2 frames on a loaded CI machine ("Frame type(105) ... exceeds MAX_FRAME_SIZE").
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param base   the service's root
     * @param token  the bearer token every request carries (one that may call every listed endpoint)
     * @param counts row counts of the service's database
     */
    public WriteFuzz(URI base, String token, RowCounts counts) {
        this.base = base;
        this.token = token;
        this.counts = counts;
    }

    /** "METHOD /template" of every write operation (POST, PUT, PATCH, DELETE) the service's OpenAPI document lists. */
    public Set<String> declaredWrites(String prefix) {
        Set<String> writes = new TreeSet<>();
        for (String operation : new AccessMatrix(base, Map.of()).declaredOperations(prefix)) {
            if (WRITES.contains(operation.substring(0, operation.indexOf(' ')))) {
                writes.add(operation);
            }
        }
        return writes;
    }

    /**
     * Sends every variant to every endpoint and checks every answer; the valid requests themselves must succeed. A
     * valid request is made afresh only after one was accepted: a refused variant wrote nothing (that is checked), so
     * the member, loan or item it was made for is still there for the next one.
     */
    public Report run(List<Endpoint> endpoints) {
        long start = System.nanoTime();
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, String> perEndpoint = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        counts.awaitQuiet(Duration.ofSeconds(2), Duration.ofSeconds(20));
        int requests = 0;
        for (Endpoint endpoint : endpoints) {
            long began = System.nanoTime();
            long preparing = 0;
            Valid current = null;
            Map<String, Long> before = null;
            List<Variant> variants = null;
            int sent = 0;
            for (int i = 0; variants == null || i < variants.size(); i++) {
                if (current == null) {
                    long made = System.nanoTime();
                    current = endpoint.valid.get();
                    before = counts.now(); // making it may have written (e.g. a member to import)
                    preparing += System.nanoTime() - made;
                }
                if (variants == null) {
                    variants = variants(endpoint, current);
                }
                Case c = variants.get(i).apply().apply(current);
                AccessMatrix.Answer answer;
                try {
                    answer = send(c);
                } catch (IllegalArgumentException unsendable) {
                    continue; // e.g. a header value the HTTP client itself refuses to send
                }
                requests++;
                sent++;
                statuses.merge(String.valueOf(answer.status()), 1, Integer::sum);
                Map<String, Long> after = counts.now();
                String failure = judge(c, answer, before, after);
                if (failure != null) {
                    failures.add(failure);
                }
                before = after;
                if (answer.status() < 400 || failure != null) {
                    current = null; // accepted (or gone wrong): the next variant gets a fresh valid request
                }
            }
            perEndpoint.put(endpoint.key(), sent + ", " + preparing / 1_000_000 + " + "
                    + (System.nanoTime() - began - preparing) / 1_000_000);
        }
        return new Report(requests, statuses, perEndpoint, failures, Duration.ofNanos(System.nanoTime() - start));
    }

    private String judge(Case c, AccessMatrix.Answer answer, Map<String, Long> before, Map<String, Long> after) {
        String where = c.endpoint().key() + " " + c.what();
        int status = answer.status();
        if (c.what().equals(VALID)) {
            return status >= 200 && status < 300 ? null
                    : where + ": the valid request must succeed, got " + status + " " + clip(answer.body());
        }
        if (status >= 500) {
            return where + ": " + status + " " + clip(answer.body());
        }
        if (status >= 400) {
            if (!answer.contentType().startsWith("application/problem+json") || answer.code() == null) {
                return where + ": " + status + " without a problem+json code (" + answer.contentType() + ") "
                        + clip(answer.body());
            }
            if (!after.equals(before)) {
                return where + ": " + status + " " + answer.code() + " but wrote " + RowCounts.difference(before, after);
            }
        }
        return null;
    }

    // ---- the variants --------------------------------------------------------------------------------------------

    /** The valid request itself, then every variant, for an endpoint whose valid requests look like this one. */
    private static List<Variant> variants(Endpoint endpoint, Valid sample) {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(VALID, valid -> request(endpoint, VALID, valid.path(), valid.body(), keys(endpoint))));
        if (sample.body() != null) {
            JsonNode tree = parse(sample.body());
            List<List<Object>> nodes = new ArrayList<>();
            nodes.add(List.of()); // the whole body: [], "x", {}, null, a number, a huge array ...
            nodes.addAll(nodes(tree, new ArrayList<>()));
            for (List<Object> at : nodes) {
                for (Map.Entry<String, JsonNode> value : variants(at(tree, at)).entrySet()) {
                    String what = (at.isEmpty() ? "body" : "field " + name(at)) + " = " + value.getKey();
                    variants.add(new Variant(what, valid -> request(endpoint, what, valid.path(),
                            write(replace(parse(valid.body()), at, value.getValue())), keys(endpoint))));
                }
            }
        }
        Matcher params = PARAM.matcher(endpoint.template);
        while (params.find()) {
            String param = params.group(1);
            for (Map.Entry<String, String> value : pathVariants().entrySet()) {
                String what = "path {" + param + "} = " + value.getKey();
                variants.add(new Variant(what, valid -> {
                    Map<String, String> values = new LinkedHashMap<>(valid.path());
                    values.put(param, value.getValue());
                    return request(endpoint, what, values, valid.body(), keys(endpoint));
                }));
            }
        }
        if (endpoint.idempotencyKey) {
            for (Map.Entry<String, List<String>> value : headerVariants().entrySet()) {
                String what = "header Idempotency-Key = " + value.getKey();
                variants.add(new Variant(what, valid -> request(endpoint, what, valid.path(), valid.body(),
                        value.getValue())));
            }
        }
        return variants;
    }

    private static Case request(Endpoint endpoint, String what, Map<String, String> path, String body,
                                List<String> keys) {
        return new Case(endpoint, what, fill(endpoint.template, path), body, keys);
    }

    private static List<String> keys(Endpoint endpoint) {
        return endpoint.idempotencyKey ? List.of(UUID.randomUUID().toString()) : List.of();
    }

    /** Variants for a node, by its type; every node also gets the wrong JSON types. */
    static Map<String, JsonNode> variants(JsonNode original) {
        Map<String, JsonNode> v = new LinkedHashMap<>();
        v.put("null", NODES.nullNode());
        v.put("an object", NODES.objectNode().put("x", 1));
        v.put("an empty array", NODES.arrayNode());
        v.put("an array", NODES.arrayNode().add("x"));
        v.put("a boolean", NODES.booleanNode(true));
        if (original.isTextual()) {
            String text = original.asText();
            v.put("5,000 characters", NODES.textNode("x".repeat(5000)));
            v.put("301 characters", NODES.textNode("x".repeat(301)));
            v.put("300 Hangul syllables", NODES.textNode("가".repeat(300)));
            v.put("empty", NODES.textNode(""));
            v.put("blank", NODES.textNode("   "));
            v.put("with U+0000", NODES.textNode("a\u0000b"));
            v.put("with control characters", NODES.textNode("a\u0001\u0007\u001b[31m\u007f\u0085b"));
            v.put("with tab and line breaks", NODES.textNode("a\tb\r\nc"));
            v.put("with a lone surrogate", NODES.textNode("a" + LONE_SURROGATE + "b"));
            v.put("emoji", NODES.textNode("책😀👨‍👩‍👧"));
            v.put("right-to-left override", NODES.textNode("a\u202Eb"));
            v.put("SQL", NODES.textNode("'; drop table member; --"));
            v.put("a number", NODES.numberNode(12345));
            v.put("a huge number", NODES.numberNode(new BigDecimal("1e400")));
            v.put("the original with a trailing NUL", NODES.textNode(text + "\u0000"));
            if (DATE.matcher(text).matches()) {
                v.put("+999999999-12-31", NODES.textNode("+999999999-12-31"));
                v.put("-999999999-01-01", NODES.textNode("-999999999-01-01"));
                v.put("0001-01-01", NODES.textNode("0001-01-01"));
                v.put("9999-12-31", NODES.textNode("9999-12-31"));
                v.put("2026-02-30", NODES.textNode("2026-02-30"));
                v.put("2026-13-01", NODES.textNode("2026-13-01"));
            }
            if (INSTANT.matcher(text).matches()) {
                v.put("+1000000000-12-31T23:59:59Z", NODES.textNode("+1000000000-12-31T23:59:59Z"));
                v.put("9999-12-31T23:59:59.999999999Z", NODES.textNode("9999-12-31T23:59:59.999999999Z"));
                v.put("0001-01-01T00:00:00Z", NODES.textNode("0001-01-01T00:00:00Z"));
                v.put("2026-02-30T00:00:00Z", NODES.textNode("2026-02-30T00:00:00Z"));
                v.put("a date without time", NODES.textNode("2026-01-01"));
            }
        } else if (original.isNumber()) {
            v.put("2147483647", NODES.numberNode(Integer.MAX_VALUE));
            v.put("-2147483648", NODES.numberNode(Integer.MIN_VALUE));
            v.put("-1", NODES.numberNode(-1));
            v.put("0", NODES.numberNode(0));
            v.put("1.5", NODES.numberNode(new BigDecimal("1.5")));
            v.put("0.001", NODES.numberNode(new BigDecimal("0.001")));
            v.put("1e400", NODES.numberNode(new BigDecimal("1e400")));
            v.put("-1e400", NODES.numberNode(new BigDecimal("-1e400")));
            v.put("1e-400", NODES.numberNode(new BigDecimal("1e-400")));
            v.put("99999999999999999999", NODES.numberNode(new BigInteger("99999999999999999999")));
            v.put("a string", NODES.textNode("abc"));
            v.put("a numeric string", NODES.textNode("12"));
            v.put("5,000 digits", NODES.textNode("9".repeat(5000)));
            v.put("a string with U+0000", NODES.textNode("1\u0000"));
        } else if (original.isBoolean()) {
            v.put("a string", NODES.textNode("abc"));
            v.put("\"true\"", NODES.textNode("true"));
            v.put("0", NODES.numberNode(0));
            v.put("2", NODES.numberNode(2));
            v.put("a string with U+0000", NODES.textNode("true\u0000"));
        } else if (original.isObject()) {
            v.put("a string", NODES.textNode("x"));
            v.put("a number", NODES.numberNode(1));
            v.put("empty", NODES.objectNode());
        } else if (original.isArray()) {
            v.put("a string", NODES.textNode("x"));
            v.put("an empty object", NODES.objectNode());
            ArrayNode many = NODES.arrayNode();
            for (int i = 0; i < 5000; i++) {
                many.add(original.isEmpty() ? NODES.textNode("x") : original.get(0).deepCopy());
            }
            v.put("5,000 elements", many);
            ArrayNode withNull = original.deepCopy();
            withNull.addNull();
            v.put("with a null element", withNull);
        }
        return v;
    }

    /** Path values, before percent-encoding. */
    static Map<String, String> pathVariants() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("301 characters", "1".repeat(301));
        v.put("1,000 characters", "x".repeat(1000));
        v.put("300 Hangul syllables", "가".repeat(300));
        v.put("U+0000", "111001\u0000");
        v.put("control characters", "a\u0001\u001b");
        v.put("a space", "111 001");
        v.put("an encoded slash", "111001/x");
        v.put("dot-dot", "..");
        v.put("emoji", "😀");
        v.put("-1", "-1");
        v.put("a huge number", "99999999999999999999");
        return v;
    }

    static Map<String, List<String>> headerVariants() {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("129 characters", List.of("k".repeat(129)));
        v.put("300 characters", List.of("k".repeat(300)));
        v.put("5,000 characters", List.of("k".repeat(5000)));
        v.put("empty", List.of(""));
        v.put("with spaces", List.of("a key"));
        v.put("Latin-1", List.of("clé"));
        v.put("Hangul", List.of("키"));
        v.put("a control character", List.of("a\u0001b"));
        v.put("twice, the second too long", List.of("first", "k".repeat(300)));
        return v;
    }

    // ---- JSON tree -------------------------------------------------------------------------------------------------

    /** Paths (field names and indexes) of every node below the root, parents before children. */
    private static List<List<Object>> nodes(JsonNode node, List<Object> at) {
        List<List<Object>> paths = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                List<Object> child = new ArrayList<>(at);
                child.add(field.getKey());
                paths.add(child);
                paths.addAll(nodes(field.getValue(), child));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> child = new ArrayList<>(at);
                child.add(i);
                paths.add(child);
                paths.addAll(nodes(node.get(i), child));
            }
        }
        return paths;
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object step : path) {
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        return node;
    }

    private static JsonNode replace(JsonNode root, List<Object> path, JsonNode value) {
        if (path.isEmpty()) {
            return value;
        }
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value.deepCopy());
        } else {
            ((ObjectNode) parent).set((String) last, value.deepCopy());
        }
        return root;
    }

    private static String name(List<Object> path) {
        StringBuilder name = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                name.append('[').append(i).append(']');
            } else {
                name.append(name.isEmpty() ? "" : ".").append(step);
            }
        }
        return name.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).replace(LONE_SURROGATE, "\\ud800");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------------

    private AccessMatrix.Answer send(Case c) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                + c.path())).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
        for (String key : c.idempotencyKeys()) {
            request.header("Idempotency-Key", key);
        }
        if (c.body() != null) {
            request.header("Content-Type", "application/json")
                    .method(c.endpoint().method, HttpRequest.BodyPublishers.ofString(c.body(), StandardCharsets.UTF_8));
        } else {
            request.method(c.endpoint().method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new AccessMatrix.Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(c.endpoint() + " " + c.what() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The template with every parameter percent-encoded as one path segment (UTF-8; only unreserved kept). */
    private static String fill(String template, Map<String, String> values) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for path parameter " + m.group(1) + " of " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(encodeSegment(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String encodeSegment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return out.toString();
    }

    private static String clip(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
