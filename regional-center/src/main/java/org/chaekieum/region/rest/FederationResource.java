package org.chaekieum.region.rest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.FederatedTransit;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.contracts.api.RightsGiveRequest;
import org.chaekieum.contracts.api.RightsGiven;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.region.circulation.FederationRequests;
import org.chaekieum.region.circulation.Loans;
import org.chaekieum.region.circulation.NationalRights;
import org.chaekieum.region.circulation.ReturnService;
import org.chaekieum.region.circulation.TransitService;
import org.chaekieum.region.members.ProfileTransferService;
import org.chaekieum.region.policies.PolicyService;
import org.chaekieum.region.repository.Loan;
import org.chaekieum.runtime.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the hub asks of this region on behalf of other regions. Not for library systems. */
@Path("/api/v1/federation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Federation", description = "Region-to-region calls routed through the national hub")
@RolesAllowed(Access.HUB_SERVICE)
public class FederationResource {

    @Inject
    ProfileTransferService transfers;

    @Inject
    ReturnService returns;

    @Inject
    PolicyService policies;

    @Inject
    TransitService transits;

    @Inject
    NationalRights rights;

    @POST
    @Path("/members/{memberNumber}/profile-transfers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hand a member's profile to an importing region (through the hub)",
            description = "The identity hash must match the member's; the transfer is audited here.")
    public MemberProfile transfer(@PathParam("memberNumber") String memberNumber, ProfileTransferRequest request) {
        return transfers.provide(memberNumber, request);
    }

    @POST
    @Path("/returns")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "End the loan of one of this region's items returned at another region's library")
    public LoanView returnFromElsewhere(FederatedReturn request) {
        FederationRequests.requireValid(request);
        return returns.returnFromElsewhere(request);
    }

    @POST
    @Path("/transits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A transit step taken at a library of another region, routed by the hub")
    public LoanView advanceTransit(FederatedTransit request) {
        return transits.advanceFromElsewhere(request);
    }

    @POST
    @Path("/members/{memberNumber}/rights/gives")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give back up to count of the member's rights not taken by a loan here (issue 17)",
            description = "Debited here first, under the member's lock, before the hub credits another region. The "
                    + "same moveId again answers the same count and debits nothing more.")
    public RightsGiven giveRights(@PathParam("memberNumber") String memberNumber, RightsGiveRequest request) {
        FederationRequests.requireValid(memberNumber, request);
        return rights.give(memberNumber, request.moveId(), request.count());
    }

    @GET
    @Path("/loans/{loanId}")
    @Operation(summary = "A loan of this region, for the hub to settle a reservation it never saw confirmed")
    public LoanView loan(@PathParam("loanId") String loanId) {
        UUID id;
        try {
            id = UUID.fromString(loanId);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ErrorCode.LOAN_NOT_FOUND);
        }
        Loan loan = QuarkusTransaction.requiringNew().call(() -> Loan.<Loan>findById(id));
        if (loan == null) {
            throw new ProblemException(ErrorCode.LOAN_NOT_FOUND);
        }
        return Loans.view(loan, policies.of(loan.libraryCode));
    }
}
