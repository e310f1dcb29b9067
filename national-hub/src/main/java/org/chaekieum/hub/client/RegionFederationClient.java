package org.chaekieum.hub.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.FederatedTransit;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.contracts.api.RightsGiveRequest;

/**
 * A regional center's federation API as the hub calls it. One client per region is built by {@link HomeRegionGateway}
 * and {@link RegionLoansGateway} (base URI from {@code chaekieum.hub.regions."<id>".url}); the default exception mapper
 * is off so that the gateways see every status themselves. Every call carries the hub's own service token (client
 * credentials of quarkus.oidc-client).
 */
@OidcClientFilter
@Path("/api/v1/federation")
public interface RegionFederationClient {

    /** The member's profile for an importing library: 200 MemberProfile, or a problem (404, 409, 422). */
    @POST
    @Path("/members/{memberNumber}/profile-transfers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    Response transfer(@PathParam("memberNumber") String memberNumber, ProfileTransferRequest request);

    /** A return at a library of another region (타관반납): 200 LoanView, or a problem (404 ITEM_NOT_ON_LOAN, 400). */
    @POST
    @Path("/returns")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    Response returnItem(FederatedReturn request);

    /** A transit step taken at a library of another region: 200 LoanView, or a problem (404, 400, 422). */
    @POST
    @Path("/transits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    Response advanceTransit(FederatedTransit request);

    /** Does this loan exist at the region? 200 LoanView, 404 LOAN_NOT_FOUND. */
    @GET
    @Path("/loans/{loanId}")
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    Response loan(@PathParam("loanId") String loanId);

    /** Give back up to {@code count} of the member's unused rights: 200 RightsGiven, or a problem (400, 422). */
    @POST
    @Path("/members/{memberNumber}/rights/gives")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    Response giveRights(@PathParam("memberNumber") String memberNumber, RightsGiveRequest request);
}
