package org.chaekieum.hub.dashboard;

import io.quarkus.oidc.TenantResolver;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which OIDC tenant checks a request: a person's browser on the dashboard's pages logs in through the identity
 * provider (tenant {@value #TENANT}, authorization code flow, a session cookie); everything else stays on the default
 * tenant, which takes bearer access tokens as before. So under {@code /dashboard}:
 * <ul>
 *   <li>a request with an {@code Authorization} header is a machine's: its bearer token decides (none valid: 401;
 *       a library system's: 403);</li>
 *   <li>the JSON/SSE feed ({@code /dashboard/api/...}) without a session of the dashboard is 401 like any API call,
 *       never a redirect to a login page a script could not follow;</li>
 *   <li>any other request is a browser's: without a session it is sent to the login page.</li>
 * </ul>
 */
@ApplicationScoped
public class DashboardTenantResolver implements TenantResolver {

    /**
     * The web-app tenant ({@code quarkus.oidc.browser.*}). Not "dashboard": Quarkus would also pick a tenant whose id
     * is a segment of the path when this resolver leaves a request to the default tenant.
     */
    public static final String TENANT = "browser";
    /** Where the dashboard lives. */
    public static final String ROOT = "/dashboard";
    /** The session cookie of the tenant (split into chunks when large: {@code q_session_browser_chunk_1}, ...). */
    static final String SESSION_COOKIE = "q_session_" + TENANT;

    @Override
    public String resolve(RoutingContext context) {
        String path = context.normalizedPath();
        if (!path.equals(ROOT) && !path.startsWith(ROOT + "/")) {
            return null;
        }
        if (context.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return null;
        }
        if (path.startsWith(DashboardFeed.PATH + "/") && !hasSession(context)) {
            return null;
        }
        return TENANT;
    }

    private static boolean hasSession(RoutingContext context) {
        for (Cookie cookie : context.request().cookies()) {
            if (cookie.getName().startsWith(SESSION_COOKIE)) {
                return true;
            }
        }
        return false;
    }
}
