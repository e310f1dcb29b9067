package org.chaekieum.hub.support;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.hub.support.StandInRegion.Reply;

/**
 * A region's circulation federation endpoints, stood in by the app under test (tests only): routed returns by item
 * barcode and loan look-ups by loan id answer what a test programmed. Base URL:
 * {@code http://127.0.0.1:<test port>/test-region}.
 */
@Path("/test-region/api/v1/federation")
@PermitAll
public class StandInCirculation {

    private static final Map<String, Reply> RETURNS = new ConcurrentHashMap<>();
    private static final Map<String, Reply> LOANS = new ConcurrentHashMap<>();
    private static final Map<String, Reply> TRANSITS = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> RECEIVED = new ConcurrentHashMap<>();

    /** Programs the answer to a return of this barcode (as sent, with '$'). */
    public static void answerReturn(String itemBarcode, Reply reply) {
        RETURNS.put(itemBarcode, reply);
    }

    /** Programs the answer to a transit step of this barcode (as sent, with '$'; default: 404 ITEM_NOT_ON_LOAN). */
    public static void answerTransit(String itemBarcode, Reply reply) {
        TRANSITS.put(itemBarcode, reply);
    }

    /** Programs the answer to a look-up of this loan (default: 404 LOAN_NOT_FOUND). */
    public static void answerLoan(String loanId, Reply reply) {
        LOANS.put(loanId, reply);
    }

    /** Raw return bodies received for this barcode, oldest first. */
    public static List<String> receivedReturns(String itemBarcode) {
        return List.copyOf(RECEIVED.getOrDefault(itemBarcode, List.of()));
    }

    @POST
    @Path("/returns")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> returnItem(String body) {
        String barcode = body.replaceAll("(?s).*\"itemBarcode\"\\s*:\\s*\"([^\"]*)\".*", "$1");
        RECEIVED.computeIfAbsent(barcode, b -> new CopyOnWriteArrayList<>()).add(body);
        return answer(RETURNS.getOrDefault(barcode, Reply.problem(404, "ITEM_NOT_ON_LOAN")));
    }

    @POST
    @Path("/transits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> advanceTransit(String body) {
        String barcode = body.replaceAll("(?s).*\"itemBarcode\"\\s*:\\s*\"([^\"]*)\".*", "$1");
        return answer(TRANSITS.getOrDefault(barcode, Reply.problem(404, "ITEM_NOT_ON_LOAN")));
    }

    @GET
    @Path("/loans/{loanId}")
    public Uni<Response> loan(@PathParam("loanId") String loanId) {
        return answer(LOANS.getOrDefault(loanId, Reply.problem(404, "LOAN_NOT_FOUND")));
    }

    private static Uni<Response> answer(Reply reply) {
        String type = reply.status() == 200 ? MediaType.APPLICATION_JSON : Problem.MEDIA_TYPE;
        Uni<Response> answer = Uni.createFrom().item(() -> Response.status(reply.status()).type(type)
                .entity(reply.body()).build());
        return reply.delay().isZero() ? answer : answer.onItem().delayIt().by(reply.delay());
    }
}
