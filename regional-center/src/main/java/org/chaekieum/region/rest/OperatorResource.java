package org.chaekieum.region.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.SuspensionLiftRequest;
import org.chaekieum.contracts.api.SuspensionRequest;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.region.circulation.LoanReportService;
import org.chaekieum.region.circulation.OverdueRun;
import org.chaekieum.region.members.MemberChangeService;
import org.chaekieum.region.members.RetentionService;
import org.chaekieum.region.policies.PolicyService;
import org.chaekieum.region.security.RegionScoped;
import org.chaekieum.region.suspensions.ClosedDays;
import org.chaekieum.region.suspensions.SuspensionService;
import org.chaekieum.runtime.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Regional operators' actions. */
@Path("/api/v1/operator")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator", description = "Regional center operations")
@RolesAllowed(Access.REGION_OPERATOR)
@RegionScoped
public class OperatorResource {

    @Inject
    RetentionService retention;

    @Inject
    PolicyService policies;

    @Inject
    ClosedDays closedDays;

    @Inject
    OverdueRun overdueRun;

    @Inject
    SuspensionService suspensions;

    @GET
    @Path("/libraries/{libraryCode}/policy")
    @Operation(summary = "A library's loan policy (its own, or the region's default)")
    public LibraryPolicy policy(@PathParam("libraryCode") String libraryCode) {
        LibraryCode.of(libraryCode);
        return policies.of(libraryCode);
    }

    @PUT
    @Path("/libraries/{libraryCode}/policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a library's loan cap, loan period, renewals, multi-child cap and suspension policy",
            description = "Every invalid value is listed at once (POLICY_INVALID, FIELD_REQUIRED).")
    public LibraryPolicy setPolicy(@PathParam("libraryCode") String libraryCode, LibraryPolicy policy) {
        return policies.put(libraryCode, policy);
    }

    @GET
    @Path("/libraries/{libraryCode}/closed-days/{year}")
    @Operation(summary = "A library's closed days (휴관일) of a year",
            description = "Used by suspension policies that do not count closed days as overdue.")
    public List<LocalDate> closedDays(@PathParam("libraryCode") String libraryCode,
                                                @PathParam("year") int year) {
        return closedDays.ofYear(libraryCode, year);
    }

    @PUT
    @Path("/libraries/{libraryCode}/closed-days/{year}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a library's closed days of a year",
            description = "Body: [\"2026-01-01\", \"2026-02-16\", ...]; every date outside the year is listed at once.")
    public List<LocalDate> setClosedDays(@PathParam("libraryCode") String libraryCode,
                                                   @PathParam("year") int year, List<LocalDate> days) {
        return closedDays.replaceYear(libraryCode, year, days);
    }

    @POST
    @Path("/members/{memberNumber}/suspensions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Suspend a member by hand (대출정지), for a library of this region, through a date",
            description = "Body: {\"libraryCode\":\"111001\",\"suspendedUntil\":\"2026-12-31\",\"reason\":\"...\"}. "
                    + "Like any suspension it only extends one already running, and holds at every library of every "
                    + "region once the hub applies it. 201 when set, 200 when a longer one already runs.")
    public Response suspend(@PathParam("memberNumber") String memberNumber,
                                               SuspensionRequest request) {
        if (request == null) {
            request = new SuspensionRequest(null, null, null);
        }
        boolean changed = suspensions.suspendByHand(memberNumber, request.libraryCode(), request.suspendedUntil(),
                request.reason());
        return Response.status(changed ? 201 : 200).build();
    }

    @POST
    @Path("/members/{memberNumber}/suspension-lifts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Lift a member's suspensions set by this region's libraries (대출정지 해제)",
            description = "Here at once; at every other region's libraries as soon as the hub applies the event. "
                    + "Suspensions set by other regions' libraries stay. Body: {\"reason\": \"...\"} (required).")
    public Response liftSuspension(@PathParam("memberNumber") String memberNumber,
                                                      SuspensionLiftRequest request) {
        suspensions.lift(memberNumber, request == null ? null : request.reason());
        return Response.noContent().build();
    }

    @POST
    @Path("/members/{memberNumber}/expulsion-lifts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Lift the expulsion (제명) of one of this region's members, whichever library set it",
            description = "The member is NORMAL again; announced like any status change. Body: {\"reason\": \"...\"} "
                    + "(required, at most 260 characters). 204 either way (nothing to lift when the member is not "
                    + "expelled); 404 MEMBER_NOT_FOUND for a number that is not this region's own member.")
    public Response liftExpulsion(@PathParam("memberNumber") String memberNumber, SuspensionLiftRequest request) {
        changes.liftExpulsion(memberNumber, request == null ? null : request.reason());
        return Response.noContent().build();
    }

    @Inject
    MemberChangeService changes;

    @Inject
    LoanReportService loanReports;

    @GET
    @Path("/loan-reports")
    @Operation(summary = "Reports of local library systems kept until they can be applied, oldest first",
            description = "state=WAITING (the default, and the only state listed). Each with what it waits for "
                    + "(MEMBER_NOT_FOUND, ITEM_ON_LOAN, LOAN_NOT_FOUND), when it arrived and how often it was tried; "
                    + "no names or phone numbers. At most 500.")
    public List<WaitingReportView> waitingReports(@QueryParam("state") String state) {
        if (state != null && !state.equals("WAITING")) {
            throw ProblemException.invalid(List.of(
                    Problem.FieldError.of("state",
                            ErrorCode.FIELD_INVALID)));
        }
        return loanReports.waiting(500).stream().map(w -> new WaitingReportView(w.libraryCode.trim(), w.localKey,
                w.kind, w.memberNumber == null ? null : w.memberNumber.trim(), w.itemBarcode, w.waitingFor,
                w.receivedAt, w.attempts, w.lastTriedAt)).toList();
    }

    /** How many loans an overdue run newly found past their due date. */
    public record OverdueRunResult(int newlyOverdue) {
    }

    @POST
    @Path("/overdue-runs")
    @Operation(summary = "Run the daily overdue run now",
            description = "Marks every open loan past its due date once and announces it as loan.overdue.v1.")
    public OverdueRunResult runOverdue() {
        return new OverdueRunResult(overdueRun.run());
    }

    /** The numbers whose personal data a retention run erased. */
    public record RetentionRun(int erased, List<String> memberNumbers) {
    }

    @POST
    @Path("/retention-runs")
    @Operation(summary = "Erase members inactive for longer than the retention period, now")
    public RetentionRun runRetention() {
        List<String> numbers = retention.run();
        return new RetentionRun(numbers.size(), numbers);
    }
}
