package org.chaekieum.hub.dashboard;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.function.Supplier;
import org.chaekieum.contracts.security.Access;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The figures the dashboard's pages show, as JSON ({@code GET /dashboard/api/national}, {@code .../regions/{id}},
 * {@code .../libraries/{code}}) and as a stream of server-sent events that sends them every
 * {@code chaekieum.dashboard.stream-every} ({@code .../stream}), closed after {@code stream-max} (the browser
 * reconnects). For national monitors and regional operators (their own region only); from a browser with the
 * dashboard's session, or with a bearer token. Without either: 401.
 */
@Path(DashboardFeed.PATH)
@RolesAllowed({Access.NATIONAL_MONITOR, Access.REGION_OPERATOR})
public class DashboardFeed {

    public static final String PATH = "/dashboard/api";

    @Inject
    DashboardFigures figures;

    @Inject
    DashboardViewer viewer;

    @Inject
    DashboardConfig config;

    @GET
    @Path("/national")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(hidden = true)
    public Overview national() {
        viewer.requireNational();
        return figures.national();
    }

    @GET
    @Path("/regions/{region}")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(hidden = true)
    public Overview region(@PathParam("region") String region) {
        viewer.requireRegion(region);
        return figures.region(region);
    }

    @GET
    @Path("/libraries/{libraryCode}")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(hidden = true)
    public Overview library(@PathParam("libraryCode") String libraryCode) {
        viewer.requireLibrary(libraryCode);
        return figures.library(libraryCode);
    }

    @GET
    @Path("/national/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Multi<Overview> nationalStream() {
        viewer.requireNational();
        return stream(figures::national);
    }

    @GET
    @Path("/regions/{region}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Multi<Overview> regionStream(@PathParam("region") String region) {
        viewer.requireRegion(region);
        return stream(() -> figures.region(region));
    }

    @GET
    @Path("/libraries/{libraryCode}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Multi<Overview> libraryStream(@PathParam("libraryCode") String libraryCode) {
        viewer.requireLibrary(libraryCode);
        return stream(() -> figures.library(libraryCode));
    }

    /** The figures now and then every stream-every (computed off the event loop; skipped while one is being made). */
    private Multi<Overview> stream(Supplier<Overview> figuresOfScope) {
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(config.streamEvery())
                .onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> figuresOfScope.get())
                .select().first(config.streamMax());
    }
}
