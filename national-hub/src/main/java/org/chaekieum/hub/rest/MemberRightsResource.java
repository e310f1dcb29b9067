package org.chaekieum.hub.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.chaekieum.contracts.api.MemberRightsView;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.RightsGrant;
import org.chaekieum.contracts.api.RightsRequest;
import org.chaekieum.contracts.api.RightsReturn;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.ledger.LoanRequests;
import org.chaekieum.hub.rights.RightsLedger;
import org.chaekieum.hub.rights.RightsMoves;
import org.chaekieum.hub.security.ActsForOwnRegion;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A member's national cap split into rights that regions hold (issue 17): the ledger, a region's ask for rights, and
 * rights a region gives back. A region lends on the rights it holds without calling the hub and asks here only when it
 * holds none free ({@code chaekieum.circulation.national-cap-by=RIGHTS}, the default).
 */
@Path("/api/v1/national/members/{memberNumber}/rights")
@ActsForOwnRegion
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "National loan ledger", description = "National cap on loans across every library, and return anywhere")
public class MemberRightsResource {

    @Inject
    RightsLedger ledger;

    @Inject
    RightsMoves moves;

    @GET
    @RolesAllowed({Access.REGION_SERVICE, Access.NATIONAL_MONITOR})
    @Operation(summary = "The member's cap, the rights no region holds and the rights each region holds",
            description = "unallocated + sum(held) = cap, always; unallocated is negative only after the cap was "
                    + "lowered below what regions hold.")
    @APIResponse(responseCode = "200", description = "The ledger of the member's rights",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MemberRightsView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: the member number is not 14 digits",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MemberRightsView rights(
            @Parameter(description = "14-digit unified member number", example = "12345624000015")
            @PathParam("memberNumber") String memberNumber) {
        LoanRequests.requireMemberNumber(memberNumber);
        return ledger.rightsOf(memberNumber);
    }

    @POST
    @RolesAllowed(Access.REGION_SERVICE)
    @Path("/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for rights: every unallocated right of the member goes to the asking region",
            description = "When none is unallocated, the other regions holding unused rights are asked to give some "
                    + "back (half of their free rights, at least one), one by one, and what came back is granted. "
                    + "granted is 0 only when no region could give. The same moveId again answers the same grant "
                    + "and moves nothing.")
    @APIResponse(responseCode = "200", description = "What this move granted and what the region holds after it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RightsGrant.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (every field error) or MALFORMED_REQUEST",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "REGION_NOT_PERMITTED: region is not the caller's own",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED: the moveId was used for another member, "
            + "region or kind of move",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RightsGrant grant(
            @Parameter(description = "14-digit unified member number", example = "12345624000015")
            @PathParam("memberNumber") String memberNumber, RightsRequest request) throws Exception {
        LoanRequests.validate(memberNumber, request);
        return moves.ask(memberNumber, request.region(), request.moveId());
    }

    @POST
    @RolesAllowed(Access.REGION_SERVICE)
    @Path("/returns")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record rights the region gave back (it debited itself first): unallocated again",
            description = "The same moveId and count again changes nothing.")
    @APIResponse(responseCode = "200", description = "The ledger of the member's rights after the return",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MemberRightsView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: a field is missing or invalid, or count "
            + "exceeds what the region holds",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "REGION_NOT_PERMITTED: region is not the caller's own",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED: the moveId was used for another move or "
            + "another count",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MemberRightsView returned(
            @Parameter(description = "14-digit unified member number", example = "12345624000015")
            @PathParam("memberNumber") String memberNumber, RightsReturn request) {
        LoanRequests.validate(memberNumber, request);
        return ledger.givenBack(memberNumber, request.region(), request.moveId(), request.count());
    }
}
