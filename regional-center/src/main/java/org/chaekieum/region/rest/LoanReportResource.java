package org.chaekieum.region.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.chaekieum.contracts.api.IdempotencyKey;
import org.chaekieum.contracts.api.LoanChangeReport;
import org.chaekieum.contracts.api.LoanReport;
import org.chaekieum.contracts.api.LoanReportView;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.ReturnReport;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.region.circulation.LoanReportService;
import org.chaekieum.region.security.LibraryScoped;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Loans a local library system (KOLAS III) made already and reports after the fact, by its own key (로컬KEY). */
@Path("/api/v1/libraries/{libraryCode}/loan-reports/{localKey}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Loan reports", description = "Loans, returns and changes a local library system reports after the fact "
        + "(KOLAS III queues them: late, in order, possibly twice)")
@RolesAllowed(Access.LIBRARY_SYSTEM)
@LibraryScoped
public class LoanReportResource {

    private static final String IDEMPOTENCY_KEY = IdempotencyKey.HEADER;

    @Inject
    LoanReportService reports;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a loan made at this library (K10)",
            description = "Recorded with the reported checkedOutAt and dueOn. Never refused by a circulation rule: a "
                    + "loan past one (MEMBER_SUSPENDED, LIBRARY_CAP_REACHED, NATIONAL_CAP_REACHED, ...) is recorded "
                    + "degraded, with the codes in overrode, and reported to the hub. 201 applied; 200 the key has a "
                    + "loan already (the same report again: nothing changes); 202 kept (state WAITING, waitingFor "
                    + "MEMBER_NOT_FOUND until the member is registered here, ITEM_ON_LOAN until the item's loan "
                    + "under another key ends) and applied as soon as it can be. localKey: 1 to 64 visible ASCII "
                    + "characters (400 FIELD_INVALID otherwise). 409 ITEM_NOT_HELD_HERE for another library's item.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = LoanReportView.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LoanReportView.class)))
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = LoanReportView.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response reportLoan(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey,
                               LoanReport report,
                               @Parameter(description = "Makes a retried request safe") @HeaderParam(IDEMPOTENCY_KEY)
                               String idempotencyKey) {
        return respond(reports.reportLoan(libraryCode, localKey, report, idempotencyKey));
    }

    @GET
    @Operation(summary = "What became of a reported loan",
            description = "APPLIED with the key's latest loan, or WAITING with what it waits for; 404 LOAN_NOT_FOUND "
                    + "when the key has neither.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LoanReportView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public LoanReportView read(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey) {
        return reports.read(libraryCode, localKey);
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a change of a reported loan: due date, renewals (K23)",
            description = "Sets dueOn (and renewals when given) of the key's active loan and announces it "
                    + "(loan.renewed). The same change again changes nothing. 404 LOAN_NOT_FOUND when the key has no "
                    + "active loan.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LoanReportView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response changeLoan(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey,
                               LoanChangeReport change, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return respond(reports.changeLoan(libraryCode, localKey, change, idempotencyKey));
    }

    @DELETE
    @Operation(summary = "Report that a loan was undone (K21)",
            description = "Ends the key's active loan now as if it had never been lent: no suspension rule, marked "
                    + "undone. 200 with the ended loan; the same when it had ended already. A kept (WAITING) loan "
                    + "report of the key is cancelled instead (200, state APPLIED without a loan). 404 LOAN_NOT_FOUND "
                    + "when the key has neither.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LoanReportView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response undoLoan(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey,
                             @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return respond(reports.undoLoan(libraryCode, localKey, idempotencyKey));
    }

    @PUT
    @Path("/return")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report the return of a reported loan (K11)",
            description = "Ends the key's loan at the reported returnedAt, at returnedAtLibrary (this library when "
                    + "null; another one puts the item in transit, RETURNED_ELSEWHERE), with the suspension rule of a "
                    + "late return. 200; the same when it had ended already (nothing changes). 202 kept (WAITING, "
                    + "waitingFor LOAN_NOT_FOUND) when the loan has not been reported yet: applied right after it.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LoanReportView.class)))
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = LoanReportView.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response reportReturn(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey,
                                 ReturnReport report, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return respond(reports.reportReturn(libraryCode, localKey, report, idempotencyKey));
    }

    @DELETE
    @Path("/return")
    @Operation(summary = "Report that a return was undone (K22)",
            description = "The key's loan goes on: a new loan (new loanId, same member, item, times and key) is "
                    + "recorded degraded and announced, so the national count is right again. 200 with it; the same "
                    + "when the key's loan is active already. 404 LOAN_NOT_FOUND when the key has no loan (a kept "
                    + "return is cancelled instead, 200) or its loan was undone; 409 ITEM_ON_LOAN when the item is "
                    + "lent again meanwhile.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LoanReportView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response undoReturn(@PathParam("libraryCode") String libraryCode, @PathParam("localKey") String localKey,
                               @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return respond(reports.undoReturn(libraryCode, localKey, idempotencyKey));
    }

    private static Response respond(LoanReportService.Answer answer) {
        return Response.status(answer.status()).entity(answer.report()).build();
    }
}
