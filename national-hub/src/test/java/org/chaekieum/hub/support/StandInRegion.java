package org.chaekieum.hub.support;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.chaekieum.contracts.api.Problem;

/**
 * A home region's federation endpoint, stood in by the app under test (tests only). Answers per member number what a
 * test programmed, and keeps the bodies it received. Base URL: {@code http://127.0.0.1:<test port>/test-region}.
 */
@Path("/test-region/api/v1/federation/members/{memberNumber}/profile-transfers")
@PermitAll
public class StandInRegion {

    /** A programmed answer: status, raw body and an optional delay (non-blocking). */
    public record Reply(int status, String body, Duration delay) {
        public static Reply ok(String json) {
            return new Reply(200, json, Duration.ZERO);
        }

        public static Reply problem(int status, String code) {
            return new Reply(status, "{\"type\":\"https://chaekieum.org/problems/x\",\"title\":\"home says no\","
                    + "\"status\":" + status + ",\"code\":\"" + code + "\",\"detail\":\"from the home region\"}",
                    Duration.ZERO);
        }

        public static Reply delayed(String json, Duration delay) {
            return new Reply(200, json, delay);
        }
    }

    private static final Map<String, Reply> REPLIES = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> RECEIVED = new ConcurrentHashMap<>();

    public static void answer(String memberNumber, Reply reply) {
        REPLIES.put(memberNumber, reply);
    }

    /** Forgets every programmed answer and every body received. */
    public static void clear() {
        REPLIES.clear();
        RECEIVED.clear();
    }

    /** The raw request bodies received for this number, oldest first. */
    public static List<String> received(String memberNumber) {
        return List.copyOf(RECEIVED.getOrDefault(memberNumber, List.of()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> transfer(@PathParam("memberNumber") String memberNumber, String body) {
        RECEIVED.computeIfAbsent(memberNumber, n -> new CopyOnWriteArrayList<>()).add(body);
        Reply reply = REPLIES.getOrDefault(memberNumber, Reply.problem(404, "MEMBER_NOT_FOUND"));
        String type = reply.status() == 200 ? MediaType.APPLICATION_JSON : Problem.MEDIA_TYPE;
        Uni<Response> answer = Uni.createFrom().item(() -> Response.status(reply.status()).type(type)
                .entity(reply.body()).build());
        return reply.delay().isZero() ? answer : answer.onItem().delayIt().by(reply.delay());
    }
}
