package org.chaekieum.adapter.region;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.chaekieum.contracts.api.CheckoutRequest;
import org.chaekieum.contracts.api.IdempotencyKey;
import org.chaekieum.contracts.api.ReturnRequest;

/**
 * The regional center's public REST API, as the gateway uses it: the calls any library system makes, with the
 * gateway's own client-credentials token (role library-system). Answers are read by status: a refusal is
 * problem+json, read as such.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@OidcClientFilter
public interface RegionApi {

    @GET
    @Path("/libraries/{libraryCode}/members/{memberNumber}")
    Response member(@PathParam("libraryCode") String libraryCode, @PathParam("memberNumber") String memberNumber);

    @POST
    @Path("/libraries/{libraryCode}/members/{memberNumber}/card-password-check")
    @Consumes(MediaType.APPLICATION_JSON)
    Response checkCardPassword(@PathParam("libraryCode") String libraryCode,
                               @PathParam("memberNumber") String memberNumber, Map<String, String> body);

    @POST
    @Path("/libraries/{libraryCode}/checkouts")
    @Consumes(MediaType.APPLICATION_JSON)
    Response checkout(@PathParam("libraryCode") String libraryCode, CheckoutRequest request,
                      @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey);

    @POST
    @Path("/libraries/{libraryCode}/returns")
    @Consumes(MediaType.APPLICATION_JSON)
    Response returnItem(@PathParam("libraryCode") String libraryCode, ReturnRequest request,
                        @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey);

    @POST
    @Path("/libraries/{libraryCode}/loans/{loanId}/renewal")
    Response renew(@PathParam("libraryCode") String libraryCode, @PathParam("loanId") String loanId,
                   @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey);

    @GET
    @Path("/members/{memberNumber}/loans")
    Response memberLoans(@PathParam("memberNumber") String memberNumber);

    @GET
    @Path("/libraries/{libraryCode}/items/{itemBarcode}/loan")
    Response itemLoan(@PathParam("libraryCode") String libraryCode, @PathParam("itemBarcode") String itemBarcode);
}
