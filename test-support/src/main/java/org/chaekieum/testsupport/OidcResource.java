package org.chaekieum.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Quarkus test OIDC server (WireMock: discovery, keys, a client-credentials token endpoint) for {@code @QuarkusTest}
 * classes, and a default bearer token for rest-assured (a filter adds it to requests that carry none) so that tests of behaviour call as an authorised client.
 *
 * <p>Init args: {@code region} and {@code libraries} (comma-separated) of that default token, which holds every role
 * ({@link TestTokens#everyRole}). A test that sets its own {@code Authorization} header replaces it; the access-matrix
 * tests use their own HTTP client and no default at all.
 */
public class OidcResource implements QuarkusTestResourceLifecycleManager {

    private final OidcWiremockTestResource server = new OidcWiremockTestResource();
    private String region = "seoul";
    private String[] libraries = new String[0];

    @Override
    public void init(Map<String, String> initArgs) {
        region = initArgs.getOrDefault("region", region);
        String codes = initArgs.getOrDefault("libraries", "");
        libraries = codes.isBlank() ? new String[0] : Arrays.stream(codes.split(",")).map(String::trim)
                .toArray(String[]::new);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(server.start());
        String defaultToken = "Bearer " + TestTokens.everyRole(region, libraries);
        RestAssured.replaceFiltersWith(List.of((request, response, context) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", defaultToken);
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
