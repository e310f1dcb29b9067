package org.chaekieum.region.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.FederatedTransit;
import org.chaekieum.contracts.api.IdentityLookupRequest;
import org.chaekieum.contracts.api.IdentityLookupResponse;
import org.chaekieum.contracts.api.LoanReservation;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.MemberLoans;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The national hub's API as a region uses it. Base URL: quarkus.rest-client.hub.url. Every call carries this region's
 * own service token (client credentials of quarkus.oidc-client, refreshed before it expires).
 */
@RegisterRestClient(configKey = "hub")
@OidcClientFilter
@Path("/api/v1/national")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface HubApi {

    @POST
    @Path("/identity-lookups")
    IdentityLookupResponse lookupIdentity(IdentityLookupRequest request);

    /** The hub verifies the identity hash against the registry and fetches the profile from the home region. */
    @POST
    @Path("/members/{memberNumber}/profile-transfers")
    MemberProfile transferProfile(@PathParam("memberNumber") String memberNumber, ProfileTransferRequest request);

    /** A place under the member's national cap for a loan about to be committed. 409 NATIONAL_CAP_REACHED if none. */
    @POST
    @Path("/loan-reservations")
    LoanReservation reserveLoan(LoanReservationRequest request);

    /** Gives a reserved place back (the loan was not committed). */
    @DELETE
    @Path("/loan-reservations/{loanId}")
    void releaseLoan(@PathParam("loanId") String loanId);

    /** A return at this region of an item owned by another region, routed to the owning region. */
    @POST
    @Path("/returns")
    LoanView routeReturn(FederatedReturn request);

    /** A transit step taken here for an item owned by another region, routed to the owning region. */
    @POST
    @Path("/transits")
    LoanView routeTransit(FederatedTransit request);

    /** Items in transit to or from a library, from the national ledger. */
    @GET
    @Path("/libraries/{libraryCode}/transits")
    List<LoanView> transitsAt(@PathParam("libraryCode") String libraryCode);

    /** The member's active loans across the federation. */
    @GET
    @Path("/members/{memberNumber}/loans")
    MemberLoans memberLoans(@PathParam("memberNumber") String memberNumber);
}
