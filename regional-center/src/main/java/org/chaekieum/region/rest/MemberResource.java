package org.chaekieum.region.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.chaekieum.contracts.api.CardPasswordCheck;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.contracts.api.ImportRequest;
import org.chaekieum.contracts.api.MemberUpdateRequest;
import org.chaekieum.contracts.api.MemberView;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.SuspensionLiftRequest;
import org.chaekieum.contracts.api.SuspensionRequest;
import org.chaekieum.contracts.api.WithdrawalRequest;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.region.circulation.LoanReportRetry;
import org.chaekieum.region.members.CardPasswordService;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.members.ImportService;
import org.chaekieum.region.members.MemberChangeService;
import org.chaekieum.region.members.MemberQueries;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.security.LibraryScoped;
import org.chaekieum.region.suspensions.SuspensionService;
import org.chaekieum.runtime.problem.ProblemException;
import org.chaekieum.runtime.ratelimit.RateLimited;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/libraries/{libraryCode}/members")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Members", description = "Enrollment (회원가입) and member look-up at a library of this region")
@RolesAllowed(Access.LIBRARY_SYSTEM)
@LibraryScoped
public class MemberResource {

    @Inject
    EnrollmentService enrollment;

    @Inject
    MemberQueries queries;

    @Inject
    ImportService imports;

    @Inject
    LoanReportRetry loanReports;

    @Inject
    SuspensionService suspensions;

    @Inject
    MemberChangeService changes;

    @Inject
    MemberViews views;

    @Inject
    CardPasswordService cardPasswords;

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
        loanReports.retryWaitingOf(member.memberNumber); // reports a local system sent before it registered them here
        return Response.created(uriInfo.getAbsolutePathBuilder().path(member.memberNumber).build())
                .entity(views.of(member, libraryCode))
                .build();
    }

    @GET
    @Path("/{memberNumber}")
    @RateLimited("member-lookup")
    @Operation(summary = "Read a member registered at this library")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MemberView.class)))
    @APIResponse(responseCode = "400", description = "Malformed number or wrong check digit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown member, or not registered at this library",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: this client made too many of these calls "
            + "(chaekieum.rate-limit.\"member-lookup\"); context.retryAfterSeconds",
            headers = @Header(name = "Retry-After", description = "Seconds until the next call is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MemberView read(@PathParam("libraryCode") String libraryCode, @PathParam("memberNumber") String memberNumber) {
        return views.of(queries.atLibrary(libraryCode, memberNumber), libraryCode);
    }

    @POST
    @Path("/{memberNumber}/import")
    @RateLimited("import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import (반입) a member of any library at this library",
            description = "The member keeps the same number. The identity key from the verification at the desk must "
                    + "match the national record (422 IDENTITY_MISMATCH otherwise) and the member must consent to the "
                    + "transfer. For a member of another region the profile comes from the home region through the hub; "
                    + "if it cannot be reached the member is registered PROVISIONALLY (as an associate, so no loans) "
                    + "and completed automatically when it answers. Every import is audited at both regions.")
    @APIResponse(responseCode = "201", description = "Registered at this library",
            content = @Content(schema = @Schema(implementation = MemberView.class)))
    @APIResponse(responseCode = "200", description = "Already registered at this library",
            content = @Content(schema = @Schema(implementation = MemberView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields, or no consent to the transfer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The identity does not match the member",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: this client made too many of these calls "
            + "(chaekieum.rate-limit.\"import\"); context.retryAfterSeconds",
            headers = @Header(name = "Retry-After", description = "Seconds until the next call is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response importMember(@PathParam("libraryCode") String libraryCode,
                                 @PathParam("memberNumber") String memberNumber, ImportRequest request) {
        ImportService.Imported imported = imports.importMember(libraryCode, memberNumber, request);
        loanReports.retryWaitingOf(imported.member().memberNumber);
        return Response.status(imported.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(views.of(imported.member(), libraryCode)).build();
    }

    @POST
    @Path("/{memberNumber}/card-password-check")
    @RateLimited("card-password-check")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check the card password this library keeps for a member",
            description = "The password the member typed (e.g. at a self-check kiosk) against the library's own card "
                    + "password for the member, set at import. Wrong passwords in a row are counted per member and "
                    + "library, at every replica alike: after chaekieum.card-password.max-failures of them (5), each "
                    + "within chaekieum.card-password.lock (15 minutes) of the first, the password is locked for that "
                    + "long and nothing is compared until the lock runs out; a right password ends the count. The "
                    + "password and its hash are never answered or logged.")
    @APIResponse(responseCode = "204", description = "The password is right")
    @APIResponse(responseCode = "400", description = "Malformed path, or no or an over-long password "
            + "(VALIDATION_FAILED: FIELD_REQUIRED, FIELD_TOO_LONG)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown member, or not registered at this library "
            + "(MEMBER_NOT_FOUND); library not served by this region",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "CARD_PASSWORD_NOT_SET: this library keeps no card password "
            + "for the member",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "CARD_PASSWORD_WRONG, with context.attemptsLeft before the lock",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "CARD_PASSWORD_LOCKED, with context.retryAfterSeconds; or "
            + "RATE_LIMITED: this client made too many checks (chaekieum.rate-limit.\"card-password-check\")",
            headers = @Header(name = "Retry-After", description = "Seconds until the lock runs out, or until the "
                    + "next check is allowed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response checkCardPassword(@PathParam("libraryCode") String libraryCode,
                                      @PathParam("memberNumber") String memberNumber, CardPasswordCheck request) {
        cardPasswords.check(libraryCode, memberNumber, request);
        return Response.noContent().build();
    }

    @PATCH
    @Path("/{memberNumber}")
    @RateLimited("member-lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a member's contact data, category, modifier or status at the home region",
            description = "Absent fields stay. Libraries of other regions that imported the member get the change "
                    + "within seconds. Only NORMAL and EXPELLED can be set here; a PROVISIONAL member becomes NORMAL only "
                    + "when the hub confirms it, and an expulsion is lifted only at the library that set it (or by the "
                    + "region's operator): 409 STATUS_CHANGE_NOT_PERMITTED otherwise. At a library outside the member's "
                    + "home region: 409 CHANGE_AT_HOME_REGION.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MemberView.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public MemberView update(@PathParam("libraryCode") String libraryCode, @PathParam("memberNumber") String memberNumber,
                             MemberUpdateRequest request) {
        return views.of(changes.update(libraryCode, memberNumber, request), libraryCode);
    }

    @POST
    @Path("/{memberNumber}/withdrawal")
    @RateLimited("member-lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Withdraw (탈퇴) a member at the home region",
            description = "Erases name, phone, birth date, address, guardian and identity data here and in every region "
                    + "holding a copy; the hub keeps the number and its status only.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MemberView.class)))
    @APIResponse(responseCode = "409", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public MemberView withdraw(@PathParam("libraryCode") String libraryCode, @PathParam("memberNumber") String memberNumber,
                               WithdrawalRequest request) {
        return views.of(changes.withdraw(libraryCode, memberNumber, request), libraryCode);
    }

    @POST
    @Path("/{memberNumber}/suspensions")
    @RateLimited("member-lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Suspend a member (대출정지) for this library, through a date",
            description = "As the operator's suspension, for this library: body {\"suspendedUntil\":\"2026-12-31\","
                    + "\"reason\":\"...\"}; libraryCode, when given, must be this library (400 FIELD_INVALID). It "
                    + "only extends one already running and holds at every library once the hub applies it. 201 when "
                    + "set, 200 when a longer one already runs: this library's is kept at the hub all the same, and "
                    + "still holds if the longer one is lifted first.")
    @APIResponse(responseCode = "201", description = "Suspended")
    @APIResponse(responseCode = "200", description = "A longer suspension already runs (this one is kept at the hub)")
    @APIResponse(responseCode = "404", description = "MEMBER_NOT_FOUND",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response suspend(@PathParam("libraryCode") String libraryCode,
                            @PathParam("memberNumber") String memberNumber, SuspensionRequest request) {
        if (request == null) {
            request = new SuspensionRequest(null, null, null);
        }
        if (request.libraryCode() != null && !request.libraryCode().equals(libraryCode)) {
            throw ProblemException.invalid(List.of(Problem.FieldError.of("libraryCode", ErrorCode.FIELD_INVALID,
                    "suspend-own-library-only", libraryCode)));
        }
        boolean changed = suspensions.suspendByLibrary(memberNumber, libraryCode, request.suspendedUntil(),
                request.reason());
        return Response.status(changed ? 201 : 200).build();
    }

    @POST
    @Path("/{memberNumber}/suspension-lifts")
    @RateLimited("member-lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Lift the member's suspension set by this library (대출정지 해제)",
            description = "Only a suspension this library set is lifted (here at once, at the hub through its "
                    + "event); one set by another library stays. Body: {\"reason\": \"...\"} (required). 204 "
                    + "either way; 404 MEMBER_NOT_FOUND.")
    @APIResponse(responseCode = "204", description = "Lifted, or none of this library's ran")
    public Response liftSuspension(@PathParam("libraryCode") String libraryCode,
                                   @PathParam("memberNumber") String memberNumber, SuspensionLiftRequest request) {
        suspensions.liftByLibrary(memberNumber, libraryCode, request == null ? null : request.reason());
        return Response.noContent().build();
    }
}
