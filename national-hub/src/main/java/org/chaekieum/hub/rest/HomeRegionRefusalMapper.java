package org.chaekieum.hub.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.hub.registry.HomeRegionRefusalException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A home region's refusal of a profile transfer, passed on with its status and code, the home region named in the
 * context; the instance is the hub's own path. Every other refusal is the runtime's {@code ProblemMappers}.
 */
public class HomeRegionRefusalMapper {

    @ServerExceptionMapper
    public Response homeRegionRefusal(HomeRegionRefusalException e, UriInfo uri) {
        Problem upstream = e.problem();
        Map<String, Object> context = new LinkedHashMap<>();
        if (upstream.context() != null) {
            context.putAll(upstream.context());
        }
        context.put("homeRegion", e.homeRegion());
        Problem body = new Problem(upstream.type(), upstream.title(), e.status(), upstream.detail(),
                uri == null ? null : uri.getPath(), upstream.code(), upstream.titleKo(), upstream.detailKo(),
                upstream.errors() == null ? List.of() : upstream.errors(), context);
        return Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
