package org.chaekieum.region.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.contracts.api.MemberView;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.service.EnrollmentService;
import org.chaekieum.region.service.MemberQueries;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/libraries/{libraryCode}/members")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Members", description = "Enrollment (회원가입) and member look-up at a library of this region")
public class MemberResource {

    @Inject
    EnrollmentService enrollment;

    @Inject
    MemberQueries queries;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enroll a person at this library",
            description = "Issues a 14-digit unified member number. Refused with 409 IDENTITY_ALREADY_ENROLLED (and the "
                    + "existing number in context.existingMemberNumber) when the person already holds one anywhere in "
                    + "the federation: import the member instead. When the national hub cannot be asked, the member is "
                    + "enrolled with status PROVISIONAL and settled when the hub answers.")
    @APIResponse(responseCode = "201", description = "Enrolled",
            content = @Content(schema = @Schema(implementation = MemberView.class)))
    @APIResponse(responseCode = "400", description = "Every invalid field, with stable codes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Library not served by this region",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The person already holds a number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response enroll(@PathParam("libraryCode") String libraryCode, EnrollmentRequest request,
                           @Context UriInfo uriInfo) {
        Member member = enrollment.enroll(libraryCode, request);
        return Response.created(uriInfo.getAbsolutePathBuilder().path(member.memberNumber).build())
                .entity(MemberMapper.toView(member, libraryCode))
                .build();
    }

    @GET
    @Path("/{memberNumber}")
    @Operation(summary = "Read a member registered at this library")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MemberView.class)))
    @APIResponse(responseCode = "400", description = "Malformed number or wrong check digit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown member, or not registered at this library",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MemberView read(@PathParam("libraryCode") String libraryCode, @PathParam("memberNumber") String memberNumber) {
        return MemberMapper.toView(queries.atLibrary(libraryCode, memberNumber), libraryCode);
    }
}
