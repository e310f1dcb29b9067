package org.chaekieum.hub.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.RightsReconciliationView;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.rights.RightsReconciliation;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reconciliation of the national cap's rights (issue 17), on demand; the hub also runs it on a schedule. */
@Path("/api/v1/national/rights/reconciliation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "National loan ledger", description = "National cap on loans across every library, and return anywhere")
public class RightsReconciliationResource {

    static final int DEFAULT_SETTLE_SECONDS = 60;
    static final int MAX_SETTLE_SECONDS = 86_400;

    @Inject
    RightsReconciliation reconciliation;

    @GET
    @RolesAllowed(Access.NATIONAL_MONITOR)
    @Operation(summary = "Do the hub's ledger of rights, the regions' rights and the open loans agree?",
            description = "For every member with rights: what the ledger gives each region against what the region "
                    + "reported it holds after its latest move, each never fewer than the member's open loans there, "
                    + "and the sum against the member's cap. Members whose rights or loans changed within "
                    + "settleSeconds are counted as settling and checked next time. The hub runs the same check every "
                    + "chaekieum.hub.rights.reconciliation-interval and reports the count as the gauge "
                    + "chaekieum.hub.rights.differences.")
    @APIResponse(responseCode = "200", description = "The differences found (empty when rights and loans agree)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RightsReconciliationView.class)))
    @APIResponse(responseCode = "400", description = "FIELD_INVALID (settleSeconds)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RightsReconciliationView reconcile(
            @Parameter(description = "Leave members whose rights or loans changed this many seconds ago or less, 0.."
                    + MAX_SETTLE_SECONDS + " (default " + DEFAULT_SETTLE_SECONDS + ")")
            @QueryParam("settleSeconds") String settleSeconds) {
        return reconciliation.check(Duration.ofSeconds(Limits.parse(settleSeconds, DEFAULT_SETTLE_SECONDS, 0,
                MAX_SETTLE_SECONDS, "settleSeconds", "settle-range")));
    }
}
