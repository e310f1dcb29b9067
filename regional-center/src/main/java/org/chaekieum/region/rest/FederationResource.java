package org.chaekieum.region.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.region.service.ProfileTransferService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the hub asks of this region on behalf of other regions. Not for library systems. */
@Path("/api/v1/federation/members/{memberNumber}/profile-transfers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Federation", description = "Region-to-region calls routed through the national hub")
public class FederationResource {

    @Inject
    ProfileTransferService transfers;

    @POST
    @Operation(summary = "Hand a member's profile to an importing region (through the hub)",
            description = "The identity hash must match the member's; the transfer is audited here.")
    public MemberProfile transfer(@PathParam("memberNumber") String memberNumber, ProfileTransferRequest request) {
        return transfers.provide(memberNumber, request);
    }
}
