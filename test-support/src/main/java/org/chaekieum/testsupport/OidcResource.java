package org.chaekieum.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Quarkus test OIDC server (WireMock: discovery, keys, a client-credentials token endpoint) for {@code @QuarkusTest}
 * classes, and a default bearer token for rest-assured (a filter adds it to requests that carry none) so that tests of behaviour call as an authorised client.
 *
 * <p>Init args: {@code region} and {@code libraries} (comma-separated) of that default token, which holds every role
 * ({@link TestTokens#everyRole}). With {@code regionFromBody=true} the default token's region is the one the request
 * body names ("region" or "requestingRegion"), as the calling region's own service account would hold. A test that
 * sets its own {@code Authorization} header replaces it; the access-matrix tests use their own HTTP client and no
 * default at all.
 */
public class OidcResource implements QuarkusTestResourceLifecycleManager {

    private final OidcWiremockTestResource server = new OidcWiremockTestResource();
    private String region = "seoul";
    private String[] libraries = new String[0];
    private boolean regionFromBody;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .findAndRegisterModules();
    private static final Pattern REGION_FIELD =
            Pattern.compile("\"(?:requestingRegion|region)\"\\s*:\\s*\"([^\"]+)\"");

    /** The region a request body names ("region" or "requestingRegion"), or null. */
    static String regionNamedIn(Object body) {
        if (body == null) {
            return null;
        }
        String text;
        if (body instanceof String string) {
            text = string;
        } else if (body instanceof byte[] bytes) {
            text = new String(bytes, StandardCharsets.UTF_8);
        } else {
            try {
                text = JSON.writeValueAsString(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return null;
            }
        }
        Matcher m = REGION_FIELD.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        regionFromBody = Boolean.parseBoolean(initArgs.getOrDefault("regionFromBody", "false"));
        region = initArgs.getOrDefault("region", region);
        String codes = initArgs.getOrDefault("libraries", "");
        libraries = codes.isBlank() ? new String[0] : Arrays.stream(codes.split(",")).map(String::trim)
                .toArray(String[]::new);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(server.start());
        String defaultToken = "Bearer " + TestTokens.everyRole(region, libraries);
        Map<String, String> perRegion = new ConcurrentHashMap<>();
        RestAssured.replaceFiltersWith(List.of((request, response, context) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                String named = regionFromBody ? regionNamedIn(request.getBody()) : null;
                request.header("Authorization", named == null ? defaultToken : perRegion.computeIfAbsent(named,
                        r -> "Bearer " + TestTokens.everyRole(r, libraries)));
            }
            return context.next(request, response);
        }));
        return config;
    }

    @Override
    public void stop() {
        RestAssured.replaceFiltersWith(List.of());
        server.stop();
    }
}
