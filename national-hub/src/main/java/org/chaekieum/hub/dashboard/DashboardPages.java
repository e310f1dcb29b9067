package org.chaekieum.hub.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.function.Supplier;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.runtime.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The dashboard's pages (server-side Qute templates, Korean by default, English with {@code ?lang=en}, remembered in
 * a cookie): the national overview, a region, a library. Each page carries its figures and opens the stream of its
 * scope ({@link DashboardFeed}) to keep them moving. A regional operator's overview is its region's page; a page of
 * another region is refused (403) without any of its figures.
 */
@Path(DashboardTenantResolver.ROOT)
@RolesAllowed({Access.NATIONAL_MONITOR, Access.REGION_OPERATOR})
@Produces(MediaType.TEXT_HTML)
public class DashboardPages {

    static final String LANG_COOKIE = "dashboard-lang";

    @Inject
    DashboardFigures figures;

    @Inject
    DashboardViewer viewer;

    @Inject
    LibraryRegions libraryRegions;

    @Inject
    ObjectMapper mapper;

    @CheckedTemplate(basePath = "dashboard")
    static class Templates {
        static native TemplateInstance overview(Page page, Overview figures);

        static native TemplateInstance refused(Page page);
    }

    /**
     * What a page needs besides its figures.
     *
     * @param lang           ko or en
     * @param scope          what the page shows
     * @param region         the region of the scope (null for the nation)
     * @param national       whether the viewer may see the nation (breadcrumb, links to every region)
     * @param operatorRegion the viewer's region when a regional operator
     * @param stream         the stream of the page's figures
     * @param figuresJson    the figures the page was rendered with, for the charts
     */
    public record Page(String lang, String otherLang, Scope scope, String region, boolean national,
                       String operatorRegion, String stream, String chartLibrary, String figuresJson) {

        public boolean nationalScope() {
            return scope.level() == Scope.Level.NATIONAL;
        }

        public boolean regionScope() {
            return scope.level() == Scope.Level.REGION;
        }

        public boolean libraryScope() {
            return scope.level() == Scope.Level.LIBRARY;
        }

        /** The page's own name: the nation, a region or a library. */
        public String scopeId() {
            return scope.id();
        }
    }

    @GET
    @Blocking
    @Operation(hidden = true)
    public Response national(@QueryParam("lang") String lang, @CookieParam(LANG_COOKIE) String cookie) {
        if (!viewer.national() && viewer.operatorRegion().isPresent()) {
            return Response.seeOther(URI.create(DashboardTenantResolver.ROOT + "/regions/"
                    + viewer.operatorRegion().get())).build();
        }
        return page(lang, cookie, Scope.national(), viewer::requireNational, figures::national);
    }

    @GET
    @Path("/regions/{region}")
    @Blocking
    @Operation(hidden = true)
    public Response region(@PathParam("region") String region, @QueryParam("lang") String lang,
                           @CookieParam(LANG_COOKIE) String cookie) {
        return page(lang, cookie, Scope.region(region), () -> viewer.requireRegion(region),
                () -> figures.region(region));
    }

    @GET
    @Path("/libraries/{libraryCode}")
    @Blocking
    @Operation(hidden = true)
    public Response library(@PathParam("libraryCode") String libraryCode, @QueryParam("lang") String lang,
                            @CookieParam(LANG_COOKIE) String cookie) {
        return page(lang, cookie, Scope.library(libraryCode), () -> viewer.requireLibrary(libraryCode),
                () -> figures.library(libraryCode));
    }

    /** The library look-up form of a region's page: {@code ?code=141001}. */
    @GET
    @Path("/libraries")
    @Operation(hidden = true)
    public Response lookUp(@QueryParam("code") String code) {
        String wanted = code == null ? "" : code.trim();
        if (!wanted.matches("[0-9]{6}")) {
            return Response.seeOther(URI.create(DashboardTenantResolver.ROOT)).build();
        }
        return Response.seeOther(URI.create(DashboardTenantResolver.ROOT + "/libraries/" + wanted)).build();
    }

    private Response page(String langAsked, String langCookie, Scope scope, Runnable access,
                          Supplier<Overview> compute) {
        String lang = language(langAsked, langCookie);
        String region = switch (scope.level()) {
            case NATIONAL -> null;
            case REGION -> scope.id();
            case LIBRARY -> libraryRegions.regionOf(scope.id()).orElse(null);
        };
        Page page = new Page(lang, "ko".equals(lang) ? "en" : "ko", scope, region, viewer.national(),
                viewer.operatorRegion().orElse(null), stream(scope), ChartLibrary.BASE, null);
        Response.ResponseBuilder answer;
        try {
            access.run();
            Overview overview = compute.get();
            Page withFigures = new Page(page.lang(), page.otherLang(), scope, region, page.national(),
                    page.operatorRegion(), page.stream(), page.chartLibrary(), json(overview));
            answer = Response.ok(Templates.overview(withFigures, overview).setLocale(Locale.forLanguageTag(lang)));
        } catch (ProblemException e) {
            // Nothing of the scope asked for: only the way back to what the viewer may see.
            Page refused = new Page(lang, page.otherLang(), Scope.national(), page.operatorRegion(), page.national(),
                    page.operatorRegion(), null, ChartLibrary.BASE, null);
            answer = Response.status(e.code().status())
                    .entity(Templates.refused(refused).setLocale(Locale.forLanguageTag(lang)));
        }
        if (langAsked != null && !lang.equals(langCookie)) {
            answer.cookie(new NewCookie.Builder(LANG_COOKIE).value(lang).path(DashboardTenantResolver.ROOT)
                    .maxAge(365 * 24 * 3600).sameSite(NewCookie.SameSite.LAX).build());
        }
        return answer.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store").build();
    }

    private static String stream(Scope scope) {
        return switch (scope.level()) {
            case NATIONAL -> DashboardFeed.PATH + "/national/stream";
            case REGION -> DashboardFeed.PATH + "/regions/" + scope.id() + "/stream";
            case LIBRARY -> DashboardFeed.PATH + "/libraries/" + scope.id() + "/stream";
        };
    }

    /** Korean unless English is asked for (now, or earlier in the cookie). */
    static String language(String asked, String cookie) {
        String wanted = asked != null ? asked : cookie;
        return "en".equalsIgnoreCase(wanted) ? "en" : "ko";
    }

    /** The figures as JSON inside a script element: no "</" can close it early. */
    private String json(Overview overview) {
        try {
            return mapper.writeValueAsString(overview).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
