package org.chaekieum.region.support;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chaekieum.contracts.api.IdentityLookupRequest;
import org.chaekieum.contracts.api.IdentityLookupResponse;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.contracts.error.ErrorCode;

/**
 * Stands in for the national hub in this module's component tests (served by the application under test at
 * /test-hub): identity look-ups and profile transfers from other regions' members. The end-to-end tests in the deploy
 * module run the real hub and real regions instead.
 */
@Path("/test-hub/api/v1/national")
public class TestHub {

    private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();
    private static final Map<String, MemberProfile> PROFILES = new ConcurrentHashMap<>();
    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();
    private static final Map<String, Integer> TRANSFERS = new ConcurrentHashMap<>();
    private static volatile boolean down;

    public static void reset() {
        KNOWN.clear();
        PROFILES.clear();
        HASHES.clear();
        TRANSFERS.clear();
        down = false;
    }

    public static void knows(String identityHash, String memberNumber) {
        KNOWN.put(identityHash, memberNumber);
    }

    /** The hub (and the home region behind it) will hand out this profile to whoever presents the identity hash. */
    public static void holds(MemberProfile profile, String identityHash) {
        PROFILES.put(profile.memberNumber(), profile);
        HASHES.put(profile.memberNumber(), identityHash);
    }

    public static int transfersOf(String memberNumber) {
        return TRANSFERS.getOrDefault(memberNumber, 0);
    }

    public static void down(boolean isDown) {
        down = isDown;
    }

    @POST
    @Path("/identity-lookups")
    public Response lookup(IdentityLookupRequest request) {
        if (down) {
            return Response.status(503).build();
        }
        String number = KNOWN.get(request.identityHash());
        return Response.ok(number == null ? IdentityLookupResponse.none()
                : new IdentityLookupResponse(true, number, number.substring(0, 6), "gyeonggi", MemberStatus.NORMAL)).build();
    }

    @POST
    @Path("/members/{memberNumber}/profile-transfers")
    public Response transfer(@PathParam("memberNumber") String memberNumber, ProfileTransferRequest request) {
        if (down) {
            return problem(ErrorCode.HOME_REGION_UNREACHABLE);
        }
        MemberProfile profile = PROFILES.get(memberNumber);
        if (profile == null) {
            return problem(ErrorCode.MEMBER_NOT_FOUND);
        }
        if (!HASHES.get(memberNumber).equals(request.identityHash())) {
            return problem(ErrorCode.IDENTITY_MISMATCH);
        }
        TRANSFERS.merge(memberNumber, 1, Integer::sum);
        return Response.ok(profile).build();
    }

    private static Response problem(ErrorCode code) {
        return Response.status(code.status()).type(Problem.MEDIA_TYPE).entity(Problem.of(code, null)).build();
    }
}
