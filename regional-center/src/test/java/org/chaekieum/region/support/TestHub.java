package org.chaekieum.region.support;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chaekieum.contracts.api.IdentityLookupRequest;
import org.chaekieum.contracts.api.IdentityLookupResponse;
import org.chaekieum.contracts.api.MemberStatus;

/**
 * Stands in for the national hub's identity look-up in this module's component tests (served by the application under
 * test at /test-hub). The end-to-end tests in the deploy module run the real hub instead.
 */
@Path("/test-hub/api/v1/national/identity-lookups")
public class TestHub {

    private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();
    private static volatile boolean down;

    public static void reset() {
        KNOWN.clear();
        down = false;
    }

    public static void knows(String identityHash, String memberNumber) {
        KNOWN.put(identityHash, memberNumber);
    }

    public static void down(boolean isDown) {
        down = isDown;
    }

    @POST
    public Response lookup(IdentityLookupRequest request) {
        if (down) {
            return Response.status(503).build();
        }
        String number = KNOWN.get(request.identityHash());
        return Response.ok(number == null ? IdentityLookupResponse.none()
                : new IdentityLookupResponse(true, number, number.substring(0, 6), "gyeonggi", MemberStatus.NORMAL)).build();
    }
}
