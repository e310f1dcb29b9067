package org.chaekieum.hub.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.chaekieum.contracts.api.SuspensionView;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.suspensions.SuspensionRegistry;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** National monitoring of suspensions from borrowing (대출정지): who, until when, set where and why. */
@Path("/api/v1/national/suspensions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "National suspensions", description = "Suspensions from borrowing, shared by every library")
@RolesAllowed(Access.NATIONAL_MONITOR)
public class NationalSuspensionResource {

    @Inject
    SuspensionRegistry suspensions;

    @GET
    @Operation(summary = "Suspensions running today, the latest set first",
            description = "Each names the member number, the last day, the library and region that set it, and why.")
    public List<SuspensionView> running(@QueryParam("limit") @DefaultValue("100") int limit) {
        return suspensions.runningNow(Math.max(1, Math.min(limit, 1000)));
    }
}
