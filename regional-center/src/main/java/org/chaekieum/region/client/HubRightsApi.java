package org.chaekieum.region.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.chaekieum.contracts.api.RightsGrant;
import org.chaekieum.contracts.api.RightsRequest;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The hub's rights API as a region uses it (issue 17), a client of its own: an ask may wait while the hub asks other
 * regions to give rights back (one call each), so it reads longer than the other hub calls
 * ({@code quarkus.rest-client.hub-rights.*}, by default the hub's URL and an 8 s read timeout). Every call carries this
 * region's own service token.
 */
@RegisterRestClient(configKey = "hub-rights")
@OidcClientFilter
@Path("/api/v1/national")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface HubRightsApi {

    /**
     * Rights of the member's national cap for this region: every unallocated one, else what other regions gave back;
     * {@code granted} 0 when none could be had. The same moveId again answers the same grant.
     */
    @POST
    @Path("/members/{memberNumber}/rights/grants")
    RightsGrant askRights(@PathParam("memberNumber") String memberNumber, RightsRequest request);
}
