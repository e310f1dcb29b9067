package org.chaekieum.hub.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.FederatedTransit;
import org.chaekieum.contracts.api.LoanReservation;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.MemberLoans;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.ledger.LedgerQueries;
import org.chaekieum.hub.ledger.LoanRequests;
import org.chaekieum.hub.ledger.ReservationService;
import org.chaekieum.hub.ledger.ReturnRoutingService;
import org.chaekieum.hub.security.ActsForOwnRegion;
import org.chaekieum.hub.security.ServiceRegion;
import org.chaekieum.runtime.ratelimit.RateLimited;
import org.chaekieum.runtime.security.TokenClaims;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The national loan ledger: reservations under the national cap, members' loans, routed returns, overruns. */
@Path("/api/v1/national")
@ActsForOwnRegion
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "National loan ledger", description = "National cap on loans across every library, and return anywhere")
public class NationalLoanResource {

    static final int DEFAULT_LEDGER_LIMIT = 1000;
    static final int MAX_LEDGER_LIMIT = 10_000;

    @Inject
    ReservationService reservations;

    @Inject
    LedgerQueries queries;

    @Inject
    ReturnRoutingService returns;

    @Inject
    ServiceRegion serviceRegion;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Access.REGION_SERVICE)
    @Path("/loan-reservations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reserve a place under the member's national cap before committing a loan",
            description = "Serialised per member. Counted until loan.created confirms it or the region releases it; "
                    + "never by expiry. The same loanId again answers the existing reservation (200).")
    @APIResponse(responseCode = "201", description = "Reserved",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LoanReservation.class)))
    @APIResponse(responseCode = "200", description = "Already reserved under this loanId",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LoanReservation.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (every field error) or MALFORMED_REQUEST",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "NATIONAL_CAP_REACHED (context: nationalCap, activeLoans, "
            + "loansPerLibrary)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED: the loanId belongs to another member, "
            + "or to an ended loan whose member number the retention removed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reserve(LoanReservationRequest request) {
        LoanRequests.validate(request);
        ReservationService.Reserved reserved = reservations.reserve(request);
        return Response.status(reserved.created() ? Response.Status.CREATED : Response.Status.OK)
                .type(MediaType.APPLICATION_JSON)
                .entity(reserved.reservation())
                .build();
    }

    @DELETE
    @RolesAllowed(Access.REGION_SERVICE)
    @Path("/loan-reservations/{loanId}")
    @Operation(summary = "Give a reserved place back (the region's commit failed)",
            description = "RESERVED becomes RELEASED; a no-op for any other state or an unknown id. A loan id that "
                    + "is not one (over 36 characters, or other than letters, digits, '-' and '_') is a 400.")
    @APIResponse(responseCode = "204", description = "Released, or nothing to release")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (loanId: FIELD_TOO_LONG or FIELD_INVALID)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response release(@PathParam("loanId") String loanId) {
        LoanRequests.requireLoanId(loanId);
        // Only the region that reserved the place gives it back; another region's id is a no-op, like an unknown one.
        reservations.release(loanId, serviceRegion.callerRegion().orElse(null));
        return Response.noContent().build();
    }

    @GET
    @RolesAllowed({Access.REGION_SERVICE, Access.NATIONAL_MONITOR})
    @Path("/members/{memberNumber}/loans")
    @RateLimited("member-lookup")
    @Operation(summary = "A member's national count and active loans across every library",
            description = "Every answered read is audited at the hub (who: principal, client, role and region; which "
                    + "member; when), kept chaekieum.hub.loan-retention.")
    @APIResponse(responseCode = "200", description = "activeLoans counts reserved and active loans",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MemberLoans.class)))
    @APIResponse(responseCode = "400", description = "MEMBER_NUMBER_INVALID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: this client made too many of these calls "
            + "(chaekieum.rate-limit.\"member-lookup\"); context.retryAfterSeconds",
            headers = @Header(name = "Retry-After", description = "Seconds until the next call is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MemberLoans memberLoans(
            @Parameter(description = "14-digit unified member number", example = "12345624000015")
            @PathParam("memberNumber") String memberNumber) {
        return queries.memberLoans(memberNumber, reader());
    }

    /** Who is reading, for the audit of a member's loans. */
    private LedgerQueries.Reader reader() {
        boolean region = identity.hasRole(Access.REGION_SERVICE);
        String name = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        return new LedgerQueries.Reader(name == null ? "unknown" : name,
                TokenClaims.text(identity, "azp").orElse(null),
                region ? Access.REGION_SERVICE : Access.NATIONAL_MONITOR,
                region ? TokenClaims.text(identity, Access.REGION).orElse(null) : null);
    }

    @POST
    @RolesAllowed(Access.REGION_SERVICE)
    @Path("/returns")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Route a return at another region's library to the item's owning region (타관반납)",
            description = "The owning library is read from the barcode, its region from "
                    + "chaekieum.hub.regions.\"<id>\".library-region-code. On the region's 200 the loan ends in the "
                    + "ledger at once.")
    @APIResponse(responseCode = "200", description = "The loan as the owning region ended it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED, or the owning region's 400",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "ITEM_NOT_ON_LOAN (from the owning region)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "HOME_REGION_UNREACHABLE (context.region)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response routeReturn(FederatedReturn request) {
        LoanRequests.validate(request);
        return Response.ok(returns.route(request), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @RolesAllowed(Access.REGION_SERVICE)
    @Path("/transits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Route a transit step taken at another region's library to the item's owning region",
            description = "For an item returned away from its owning library (타관반납): the library where it was "
                    + "returned ships it (SHIPPED); either library may mark it BACK_HOME. The owning region keeps the "
                    + "loan and decides; on its 200 the ledger's copy of the state moves at once.")
    @APIResponse(responseCode = "200", description = "The loan with its new transit state",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED, or the owning region's 400",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "ITEM_NOT_ON_LOAN: not in transit from that library",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "HOME_REGION_UNREACHABLE (context.region)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response routeTransit(FederatedTransit request) {
        LoanRequests.validate(request);
        return Response.ok(returns.routeTransit(request), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @RolesAllowed({Access.REGION_SERVICE, Access.NATIONAL_MONITOR})
    @Path("/libraries/{libraryCode}/transits")
    @Operation(summary = "Items in transit to or from a library (returned elsewhere, shipped), across every region",
            description = "From the ledger, which follows the owning regions' loan.returned and "
                    + "loan.transit-changed events. Oldest return first.")
    @APIResponse(responseCode = "200", description = "Loans in transit (no member numbers)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LoanView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "LIBRARY_CODE_INVALID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LoanView> transits(@PathParam("libraryCode") String libraryCode) {
        return queries.transitsAt(libraryCode);
    }

    @GET
    @RolesAllowed(Access.NATIONAL_MONITOR)
    @Path("/overruns")
    @Operation(summary = "National cap overruns by degraded loans, newest first")
    @APIResponse(responseCode = "200", description = "Overruns",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = OverrunView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "FIELD_INVALID (limit)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<OverrunView> overruns(
            @Parameter(description = "How many, 1.." + NationalRegistryResource.MAX_LIMIT + " (default "
                    + NationalRegistryResource.DEFAULT_LIMIT + ")")
            @QueryParam("limit") String limit) {
        return queries.overruns(Limits.parse(limit, NationalRegistryResource.DEFAULT_LIMIT,
                NationalRegistryResource.MAX_LIMIT));
    }

    @GET
    @RolesAllowed(Access.NATIONAL_MONITOR)
    @Path("/ledger")
    @Operation(summary = "Ledger rows by region and status, for reconciliation",
            description = "Ordered by loan id; page with after=<last loan id>.")
    @APIResponse(responseCode = "200", description = "Ledger rows",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LedgerEntryView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "FIELD_INVALID (status, limit)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LedgerEntryView> ledger(
            @Parameter(description = "Region id (all regions when absent)") @QueryParam("region") String region,
            @Parameter(description = "RESERVED, ACTIVE (default), RETURNED or RELEASED")
            @QueryParam("status") String status,
            @Parameter(description = "Only loan ids after this one") @QueryParam("after") String after,
            @Parameter(description = "How many, 1.." + MAX_LEDGER_LIMIT + " (default " + DEFAULT_LEDGER_LIMIT + ")")
            @QueryParam("limit") String limit) {
        return queries.entries(region, status, after, Limits.parse(limit, DEFAULT_LEDGER_LIMIT, MAX_LEDGER_LIMIT));
    }
}
