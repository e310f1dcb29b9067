package org.chaekieum.region.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.policies.PolicyService;
import org.chaekieum.region.security.LibraryScoped;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A library's own loan policy, for its library system (e.g. KOLAS K43: the library's Chaekieum settings). */
@Path("/api/v1/libraries/{libraryCode}/policy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Circulation")
@RolesAllowed(Access.LIBRARY_SYSTEM)
@LibraryScoped
public class LibraryPolicyResource {

    @Inject
    PolicyService policies;

    @Inject
    EnrollmentService enrollment;

    @GET
    @Operation(summary = "This library's loan policy (its own, or the region's default)",
            description = "The same as the operator's read: loan cap, loan period, renewals, multi-child cap and "
                    + "suspension policy.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LibraryPolicy.class)))
    @APIResponse(responseCode = "404", description = "LIBRARY_NOT_IN_REGION",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LibraryPolicy policy(@PathParam("libraryCode") String libraryCode) {
        enrollment.requireServed(LibraryCode.of(libraryCode));
        return policies.of(libraryCode);
    }
}
