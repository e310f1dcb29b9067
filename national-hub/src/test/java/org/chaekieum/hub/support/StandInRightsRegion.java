package org.chaekieum.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A region's endpoint for giving rights back, stood in by the app under test (tests only; base URL
 * {@code http://127.0.0.1:<test port>/test-region}, the URL of "seoul" and "incheon"). Per member, it has as many free
 * rights as a test set (none by default), gives at most those, answers a repeated move id the same, and keeps every
 * ask; a member set to fail answers 500.
 */
@Path("/test-region/api/v1/federation/members/{memberNumber}/rights/gives")
@PermitAll
public class StandInRightsRegion {

    /** An ask the stand-in received: the move id and the count asked. */
    public record Ask(String moveId, int count) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> FREE = new ConcurrentHashMap<>();
    private static final Map<String, Integer> ANSWERED = new ConcurrentHashMap<>();
    private static final Map<String, List<Ask>> ASKS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> FAILING = new ConcurrentHashMap<>();

    /** The member has {@code free} rights the stand-in region will give. */
    public static void free(String memberNumber, int free) {
        FREE.put(memberNumber, free);
    }

    /** The stand-in answers 500 for the member (true) or answers again (false). */
    public static void failing(String memberNumber, boolean failing) {
        FAILING.put(memberNumber, failing);
    }

    /** The asks received for the member, oldest first. */
    public static List<Ask> asks(String memberNumber) {
        return List.copyOf(ASKS.getOrDefault(memberNumber, List.of()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public synchronized Response give(@PathParam("memberNumber") String memberNumber, String body) throws Exception {
        JsonNode request = JSON.readTree(body);
        String moveId = request.path("moveId").asText();
        int count = request.path("count").asInt();
        ASKS.computeIfAbsent(memberNumber, n -> new CopyOnWriteArrayList<>()).add(new Ask(moveId, count));
        if (FAILING.getOrDefault(memberNumber, false)) {
            return Response.status(500).build();
        }
        Integer given = ANSWERED.get(moveId);
        if (given == null) {
            given = Math.min(count, FREE.getOrDefault(memberNumber, 0));
            FREE.merge(memberNumber, -given, Integer::sum);
            ANSWERED.put(moveId, given);
        }
        return Response.ok("{\"memberNumber\":\"" + memberNumber + "\",\"moveId\":\"" + moveId + "\",\"given\":"
                + given + ",\"held\":0}", MediaType.APPLICATION_JSON).build();
    }
}
