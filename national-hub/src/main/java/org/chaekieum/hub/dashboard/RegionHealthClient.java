package org.chaekieum.hub.dashboard;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A regional center's health document ({@code /q/health}, open without a token), as {@link RegionWatch} asks it. One
 * client per region, built with the dashboard's timeouts; the default exception mapper is off, so a 503 (a check
 * down) is an answer like a 200.
 */
@Path("/q/health")
public interface RegionHealthClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> health();
}
