package org.chaekieum.region.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import java.util.TreeMap;
import org.chaekieum.contracts.api.CheckoutRequest;
import org.chaekieum.contracts.api.IdempotencyKey;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.MemberLoans;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.ReturnRequest;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.region.circulation.Answer;
import org.chaekieum.region.circulation.CheckoutService;
import org.chaekieum.region.circulation.LoanQueries;
import org.chaekieum.region.circulation.RenewalService;
import org.chaekieum.region.circulation.ReturnService;
import org.chaekieum.region.circulation.TransitService;
import org.chaekieum.region.client.HubGateway;
import org.chaekieum.region.client.HubRefusal;
import org.chaekieum.region.security.LibraryScoped;
import org.chaekieum.region.security.MemberLoansAccess;
import org.chaekieum.runtime.problem.ProblemException;
import org.chaekieum.runtime.ratelimit.RateLimited;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Circulation", description = "Checkout, return anywhere (타관반납), renewal, and a member's loans nationwide")
@RolesAllowed(Access.LIBRARY_SYSTEM)
@LibraryScoped
public class CirculationResource {

    private static final String IDEMPOTENCY_KEY = IdempotencyKey.HEADER;

    @Inject
    CheckoutService checkouts;

    @Inject
    ReturnService returns;

    @Inject
    RenewalService renewals;

    @Inject
    LoanQueries loanQueries;

    @Inject
    HubGateway hub;

    @Inject
    TransitService transits;

    @Inject
    MemberLoansAccess loanReads;

    @POST
    @Path("/libraries/{libraryCode}/checkouts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Lend an item of this library to a member",
            description = "Refusals carry the numbers to act on: LIBRARY_CAP_REACHED (context.loansAtLibrary of "
                    + "context.libraryCap), NATIONAL_CAP_REACHED (context.activeLoans of context.nationalCap, with "
                    + "context.loansPerLibrary), ITEM_ON_LOAN, IMPORT_REQUIRED, ASSOCIATE_CANNOT_BORROW, MEMBER_SUSPENDED. "
                    + "While the hub is unreachable the degraded rule decides (loans marked degraded: true). A repeated "
                    + "request with the same Idempotency-Key gets the first answer and makes no second loan.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "409", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response checkout(@PathParam("libraryCode") String libraryCode, CheckoutRequest request,
                             @Parameter(description = "Makes a retried request safe") @HeaderParam(IDEMPOTENCY_KEY)
                             String idempotencyKey) {
        return respond(checkouts.checkout(libraryCode, request, idempotencyKey));
    }

    @POST
    @Path("/libraries/{libraryCode}/returns")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Return any item of the federation at this library",
            description = "The loan ends now, wherever it was made. An item returned away from its owning library "
                    + "is in transit home (transit = RETURNED_ELSEWHERE). 202 when the item belongs to another region "
                    + "and the hub is unreachable: the return is kept, with this time, and applied when it answers.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response returnItem(@PathParam("libraryCode") String libraryCode, ReturnRequest request,
                               @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return respond(returns.returnItem(libraryCode, request, idempotencyKey));
    }

    @POST
    @Path("/libraries/{libraryCode}/loans/{loanId}/renewal")
    @Operation(summary = "Renew a loan made at this library", description = "Refused when the member is suspended "
            + "(MEMBER_SUSPENDED) or the renewals are used up (NO_RENEWALS_LEFT).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LoanView.class)))
    public Response renew(@PathParam("libraryCode") String libraryCode, @PathParam("loanId") String loanId,
                          @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return respond(renewals.renew(libraryCode, loanId, idempotencyKey));
    }

    @GET
    @RolesAllowed({Access.LIBRARY_SYSTEM, Access.REGION_OPERATOR})
    @Path("/members/{memberNumber}/loans")
    @RateLimited("member-loans")
    @Operation(summary = "A member's active loans across the whole federation",
            description = "From the hub's national ledger. If the hub is unreachable: this region's loans only, "
                    + "with the header X-Chaekieum-Partial: hub-unreachable. A library system reads only members "
                    + "registered (enrolled or imported) at one of its token's libraries, an operator only members "
                    + "registered in its region; anyone else gets 404 MEMBER_NOT_FOUND, as for an unknown number. "
                    + "Every answered read is audited (time, client, library, region, member number).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MemberLoans.class)))
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: this client made too many of these calls "
            + "(chaekieum.rate-limit.\"member-loans\"); context.retryAfterSeconds",
            headers = @Header(name = "Retry-After", description = "Seconds until the next call is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response memberLoans(@PathParam("memberNumber") String memberNumber) {
        UnifiedMemberNumber.parse(memberNumber);
        MemberLoansAccess.Reader reader = loanReads.requireMayRead(memberNumber);
        MemberLoans loans;
        try {
            loans = hub.memberLoans(memberNumber);
        } catch (HubRefusal refusal) {
            throw ProblemException.relayed(refusal.code(), refusal.problem());
        }
        if (loans != null) {
            loanReads.audit(reader, memberNumber);
            return Response.ok(loans).build();
        }
        var local = loanQueries.localLoans(memberNumber);
        Map<String, Integer> perLibrary = new TreeMap<>();
        local.forEach(l -> perLibrary.merge(l.libraryCode(), 1, Integer::sum));
        loanReads.audit(reader, memberNumber);
        return Response.ok(new MemberLoans(memberNumber, -1, local.size(), perLibrary, local))
                .header("X-Chaekieum-Partial", "hub-unreachable").build();
    }

    /** Body of a transit step. */
    public record TransitStep(TransitState state) {
    }

    @GET
    @Path("/libraries/{libraryCode}/transits")
    @Operation(summary = "Items in transit to or from this library (returned elsewhere, shipped)",
            description = "This region's items, and other regions' items returned at this library (from the national "
                    + "ledger). When the hub cannot be asked, only this region's items are listed and the answer "
                    + "carries X-Chaekieum-Partial: hub-unreachable.")
    @APIResponse(responseCode = "200", description = "Loans in transit, oldest return first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LoanView.class, type = SchemaType.ARRAY)))
    public Response transits(@PathParam("libraryCode") String libraryCode) {
        TransitService.Listing listing = transits.atLibrary(libraryCode);
        Response.ResponseBuilder answer = Response.ok(listing.loans());
        return listing.complete() ? answer.build() : answer.header("X-Chaekieum-Partial", "hub-unreachable").build();
    }

    @GET
    @Path("/libraries/{libraryCode}/items/{itemBarcode}/loan")
    @Operation(summary = "The active loan of an item this library owns",
            description = "For a self-check kiosk or a desk scanning one of the library's own items: who has it and "
                    + "until when. 404 ITEM_NOT_ON_LOAN when the item is not on loan, and for an item owned by another "
                    + "library whether lent or not (another library's borrowers are never shown). The barcode in "
                    + "either form ($ + 18 characters, or the 18 alone); a malformed one is 400 (VALIDATION_FAILED, "
                    + "field itemBarcode with ITEM_BARCODE_INVALID).")
    @APIResponse(responseCode = "200", description = "The item's active loan",
            content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "400", description = "Malformed library code or item barcode",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "ITEM_NOT_ON_LOAN; LIBRARY_NOT_IN_REGION",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LoanView itemLoan(@PathParam("libraryCode") String libraryCode,
                             @PathParam("itemBarcode") String itemBarcode) {
        return loanQueries.activeLoanOfOwnItem(libraryCode, itemBarcode);
    }

    @POST
    @Path("/libraries/{libraryCode}/items/{itemBarcode}/transit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move an item on its way home: SHIPPED, then BACK_HOME",
            description = "At the owning library or at the library where it was returned, in any region: a step "
                    + "at a library of another region than the item's owner is routed through the national hub "
                    + "(503 NATIONAL_HUB_UNREACHABLE when it cannot be).")
    public LoanView advanceTransit(@PathParam("libraryCode") String libraryCode,
                                   @PathParam("itemBarcode") String itemBarcode, TransitStep step) {
        return transits.advance(libraryCode, itemBarcode, step == null ? null : step.state());
    }

    private static Response respond(Answer answer) {
        return Response.status(answer.status()).entity(answer.loan()).build();
    }
}
