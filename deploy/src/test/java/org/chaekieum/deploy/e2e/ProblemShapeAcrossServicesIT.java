package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.Map;
import org.chaekieum.deploy.Federation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same mistake gets the same problem from the hub and from a regional center (one problem model, the service
 * runtime's): unreadable JSON, and JSON whose field has the wrong type (named in {@code errors}). Only the instance
 * differs: each service's own path.
 */
@ExtendWith(FederationExtension.class)
class ProblemShapeAcrossServicesIT {

    private static final String REGION_RETURNS = "/api/v1/libraries/111001/returns";
    private static final String HUB_RETURNS = "/api/v1/national/returns";

    private static Map<String, Object> post(String baseUrl, String path, String body) {
        Response response = given().baseUri(baseUrl).contentType("application/json")
                .header("Accept", Library.ACCEPT).body(body).post(path);
        assertThat(response.statusCode()).as("%s%s: %s", baseUrl, path, response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.jsonPath().getMap("");
    }

    private static void assertSameShape(Map<String, Object> region, Map<String, Object> hub) {
        assertThat(region.keySet()).isEqualTo(hub.keySet());
        for (String key : region.keySet()) {
            if (!"instance".equals(key)) {
                assertThat(hub.get(key)).as(key).isEqualTo(region.get(key));
            }
        }
        assertThat(region.get("instance")).isEqualTo(REGION_RETURNS);
        assertThat(hub.get("instance")).isEqualTo(HUB_RETURNS);
    }

    @Test
    void unreadableJsonIsTheSameProblemAtTheHubAndAtARegion(Federation federation) {
        String body = "{\"itemBarcode\": ";
        Map<String, Object> region = post(federation.region(FederationExtension.SEOUL).baseUrl(), REGION_RETURNS, body);
        Map<String, Object> hub = post(federation.hub().baseUrl(), HUB_RETURNS, body);
        assertThat(region).containsEntry("code", "MALFORMED_REQUEST").containsEntry("status", 400);
        assertSameShape(region, hub);
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedTheSameWayByBoth(Federation federation) {
        String body = "{\"itemBarcode\": {\"not\": \"a barcode\"}}";
        Map<String, Object> region = post(federation.region(FederationExtension.SEOUL).baseUrl(), REGION_RETURNS, body);
        Map<String, Object> hub = post(federation.hub().baseUrl(), HUB_RETURNS, body);
        assertThat(region).containsEntry("code", "MALFORMED_REQUEST");
        assertThat(String.valueOf(region.get("errors"))).contains("itemBarcode").contains("FIELD_INVALID");
        assertSameShape(region, hub);
    }
}
