package org.chaekieum.hub.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.chaekieum.contracts.api.IdentityLookupRequest;
import org.chaekieum.contracts.api.IdentityLookupResponse;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.NationalMemberView;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.registry.ProfileTransferService;
import org.chaekieum.hub.registry.RegistryQueries;
import org.chaekieum.hub.security.ActsForOwnRegion;
import org.chaekieum.runtime.ratelimit.RateLimited;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The national registry as regions and the national library's monitoring read it. No personal data, ever. */
@Path("/api/v1/national")
@ActsForOwnRegion
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "National registry", description = "Unified member numbers held nationally (no personal data)")
public class NationalRegistryResource {


    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    @Inject
    RegistryQueries queries;

    @Inject
    ProfileTransferService transfers;

    @GET
    @RolesAllowed({Access.REGION_SERVICE, Access.NATIONAL_MONITOR})
    @Path("/members/{memberNumber}")
    @RateLimited("member-lookup")
    @Operation(summary = "A unified member number in the national registry")
    @APIResponse(responseCode = "200", description = "The registry's view of the number",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = NationalMemberView.class)))
    @APIResponse(responseCode = "400", description = "MEMBER_NUMBER_INVALID or MEMBER_NUMBER_CHECK_DIGIT",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "MEMBER_NOT_FOUND",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: this client made too many of these calls "
            + "(chaekieum.rate-limit.\"member-lookup\"); context.retryAfterSeconds",
            headers = @Header(name = "Retry-After", description = "Seconds until the next call is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public NationalMemberView member(
            @Parameter(description = "14-digit unified member number", example = "12345624000015")
            @PathParam("memberNumber") String memberNumber) {
        return queries.member(memberNumber);
    }

    @POST
    @RolesAllowed(Access.REGION_SERVICE)
    @Path("/identity-lookups")
    @RateLimited("identity-lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Does this person already hold a unified member number?",
            description = "Regions call this before issuing a number. The identity hash travels in the body so that it "
                    + "stays out of access logs. Answers the person's active number (not linked, not withdrawn).")
    @APIResponse(responseCode = "200", description = "enrolled=true with the active number, or enrolled=false",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IdentityLookupResponse.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (identityHash missing) or MALFORMED_REQUEST",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: this client made too many of these calls "
            + "(chaekieum.rate-limit.\"identity-lookup\"); context.retryAfterSeconds",
            headers = @Header(name = "Retry-After", description = "Seconds until the next call is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public IdentityLookupResponse identityLookup(IdentityLookupRequest request) {
        return queries.lookup(request);
    }

    @POST
    @RolesAllowed(Access.REGION_SERVICE)
    @Path("/members/{memberNumber}/profile-transfers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Fetch a member's profile from the home region for an import (반입)",
            description = "The importing region presents the identity hash and the member's consent. The hub checks "
                    + "them against the registry and forwards the request to the member's home region; the profile "
                    + "comes back exactly as the home region sent it. The hub stores and logs none of it.")
    @APIResponse(responseCode = "200", description = "The profile as the home region returned it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MemberProfile.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (field errors), MEMBER_NUMBER_INVALID, "
            + "MEMBER_NUMBER_CHECK_DIGIT or MALFORMED_REQUEST",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "MEMBER_NOT_FOUND (hub or home region)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "MEMBER_NOT_ACTIVE: linked, withdrawn or expelled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "IDENTITY_MISMATCH",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "HOME_REGION_UNREACHABLE (context.homeRegion)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response profileTransfer(
            @Parameter(description = "14-digit unified member number", example = "12345624000015")
            @PathParam("memberNumber") String memberNumber, ProfileTransferRequest request) {
        ProfileTransferService.validate(memberNumber, request);
        return Response.ok(transfers.transfer(memberNumber, request), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @RolesAllowed(Access.NATIONAL_MONITOR)
    @Path("/refusals")
    @Operation(summary = "Recently refused numbers, newest first")
    @APIResponse(responseCode = "200", description = "Refused numbers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RefusalView.class, type = org.eclipse.microprofile.openapi
                            .annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "FIELD_INVALID (limit)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<RefusalView> refusals(
            @Parameter(description = "How many, 1.." + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")")
            @QueryParam("limit") String limit) {
        return queries.refusals(Limits.parse(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }

    @GET
    @RolesAllowed(Access.NATIONAL_MONITOR)
    @Path("/duplicates")
    @Operation(summary = "Numbers recently linked as duplicates of an older number, newest first")
    @APIResponse(responseCode = "200", description = "Linked numbers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DuplicateView.class, type = org.eclipse.microprofile.openapi
                            .annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "FIELD_INVALID (limit)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<DuplicateView> duplicates(
            @Parameter(description = "How many, 1.." + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")")
            @QueryParam("limit") String limit) {
        return queries.duplicates(Limits.parse(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }
}
