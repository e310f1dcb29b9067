package org.chaekieum.hub.support;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Like a real region, the stand-ins refuse a call from the hub without a bearer token; the last one is kept. */
public class StandInBearer {

    private static volatile String lastAuthorization;

    @ServerRequestFilter
    public Response requireBearer(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().contains("test-region/")) {
            return null;
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() < 20) {
            return Response.status(401).build();
        }
        lastAuthorization = authorization;
        return null;
    }

    /** The Authorization header of the hub's last call to a stand-in region. */
    public static String lastAuthorization() {
        return lastAuthorization;
    }
}
