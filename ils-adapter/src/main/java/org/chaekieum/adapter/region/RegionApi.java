package org.chaekieum.adapter.region;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.chaekieum.contracts.api.CheckoutRequest;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.contracts.api.IdempotencyKey;
import org.chaekieum.contracts.api.ImportRequest;
import org.chaekieum.contracts.api.LoanChangeReport;
import org.chaekieum.contracts.api.LoanReport;
import org.chaekieum.contracts.api.MemberUpdateRequest;
import org.chaekieum.contracts.api.ReturnReport;
import org.chaekieum.contracts.api.ReturnRequest;
import org.chaekieum.contracts.api.SuspensionLiftRequest;
import org.chaekieum.contracts.api.SuspensionRequest;
import org.chaekieum.contracts.api.WithdrawalRequest;

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

    // ---- what a library system's own records need (the KOLAS III bridge) -------------------------------------------

    @POST
    @Path("/libraries/{libraryCode}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    Response enroll(@PathParam("libraryCode") String libraryCode, EnrollmentRequest request);

    @POST
    @Path("/libraries/{libraryCode}/members/{memberNumber}/import")
    @Consumes(MediaType.APPLICATION_JSON)
    Response importMember(@PathParam("libraryCode") String libraryCode, @PathParam("memberNumber") String memberNumber,
                          ImportRequest request);

    @PATCH
    @Path("/libraries/{libraryCode}/members/{memberNumber}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response updateMember(@PathParam("libraryCode") String libraryCode, @PathParam("memberNumber") String memberNumber,
                          MemberUpdateRequest request);

    @POST
    @Path("/libraries/{libraryCode}/members/{memberNumber}/withdrawal")
    @Consumes(MediaType.APPLICATION_JSON)
    Response withdraw(@PathParam("libraryCode") String libraryCode, @PathParam("memberNumber") String memberNumber,
                      WithdrawalRequest request);

    @POST
    @Path("/libraries/{libraryCode}/members/{memberNumber}/suspensions")
    @Consumes(MediaType.APPLICATION_JSON)
    Response suspend(@PathParam("libraryCode") String libraryCode, @PathParam("memberNumber") String memberNumber,
                     SuspensionRequest request);

    @POST
    @Path("/libraries/{libraryCode}/members/{memberNumber}/suspension-lifts")
    @Consumes(MediaType.APPLICATION_JSON)
    Response liftSuspension(@PathParam("libraryCode") String libraryCode,
                            @PathParam("memberNumber") String memberNumber, SuspensionLiftRequest request);

    @GET
    @Path("/libraries/{libraryCode}/policy")
    Response policy(@PathParam("libraryCode") String libraryCode);

    @GET
    @Path("/libraries/{libraryCode}/transits")
    Response transits(@PathParam("libraryCode") String libraryCode);

    @POST
    @Path("/libraries/{libraryCode}/items/{itemBarcode}/transit")
    @Consumes(MediaType.APPLICATION_JSON)
    Response advanceTransit(@PathParam("libraryCode") String libraryCode, @PathParam("itemBarcode") String itemBarcode,
                            Map<String, String> step);

    @PUT
    @Path("/libraries/{libraryCode}/loan-reports/{localKey}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response reportLoan(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey,
                        LoanReport report, @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey);

    @PUT
    @Path("/libraries/{libraryCode}/loan-reports/{localKey}/return")
    @Consumes(MediaType.APPLICATION_JSON)
    Response reportReturn(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey,
                          ReturnReport report, @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey);

    @DELETE
    @Path("/libraries/{libraryCode}/loan-reports/{localKey}")
    Response undoLoan(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey,
                      @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey);

    @DELETE
    @Path("/libraries/{libraryCode}/loan-reports/{localKey}/return")
    Response undoReturn(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey,
                        @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey);

    @PATCH
    @Path("/libraries/{libraryCode}/loan-reports/{localKey}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response changeLoan(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey,
                        LoanChangeReport change, @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey);
}
