package org.chaekieum.hub.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.chaekieum.contracts.api.ProfileTransferRequest;

/**
 * A regional center's federation API as the hub calls it. One client per region is built by {@link HomeRegionGateway}
 * (base URI from {@code chaekieum.hub.regions."<id>".url}); the default exception mapper is off so that the gateway
 * sees every status itself.
 */
@Path("/api/v1/federation/members")
public interface RegionFederationClient {

    /** The member's profile for an importing library: 200 MemberProfile, or a problem (404, 409, 422). */
    @POST
    @Path("/{memberNumber}/profile-transfers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    Response transfer(@PathParam("memberNumber") String memberNumber, ProfileTransferRequest request);
}
