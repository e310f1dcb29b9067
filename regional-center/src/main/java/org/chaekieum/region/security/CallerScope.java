package org.chaekieum.region.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.runtime.security.TokenClaims;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Confines every authenticated caller to what its token names, before any resource method runs (so a refusal writes
 * nothing): on a {@link LibraryScoped} resource a library system acts only at the library codes of its
 * {@code library_codes} claim (the {@code {libraryCode}} the request was matched with, whatever the spelling of the
 * path); on a {@link RegionScoped} resource an operator acts only in the region of its {@code region} claim. Which
 * roles may call an endpoint at all is declared on the resources ({@code @RolesAllowed}); endpoints without a
 * declaration are denied ({@code quarkus.security.jaxrs.deny-unannotated-endpoints}).
 */
public class CallerScope {

    private static final Logger LOG = Logger.getLogger(CallerScope.class);
    private static final Pattern LIBRARY_CODE = Pattern.compile("[0-9]{6}");

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    RegionConfig region;

    @ServerRequestFilter
    public Uni<Response> confine(ContainerRequestContext request, ResourceInfo resource) {
        Class<?> target = resource == null ? null : resource.getResourceClass();
        boolean atLibrary = target != null && target.isAnnotationPresent(LibraryScoped.class);
        boolean inRegion = target != null && target.isAnnotationPresent(RegionScoped.class);
        if (!atLibrary && !inRegion) {
            return Uni.createFrom().nullItem();
        }
        String path = request.getUriInfo().getPath();
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous()) {
                return null; // the role check on the resource answers 401
            }
            if (atLibrary) {
                String library = request.getUriInfo().getPathParameters().getFirst("libraryCode");
                // A code that is not a library code at all is the request's own mistake: validation names it (400).
                if (library != null && LIBRARY_CODE.matcher(library).matches()
                        && !libraryCodes(identity).contains(library)) {
                    LOG.warnf("refused %s %s: caller %s does not act for library %s", request.getMethod(), path,
                            identity.getPrincipal().getName(), library);
                    return refuse(ErrorCode.LIBRARY_NOT_PERMITTED, path, Map.of("libraryCode", library));
                }
            }
            if (inRegion) {
                String claimed = claim(identity, Access.REGION);
                if (!region.id().equals(claimed)) {
                    LOG.warnf("refused %s %s: caller %s acts for region %s, not %s", request.getMethod(), path,
                            identity.getPrincipal().getName(), claimed, region.id());
                    return refuse(ErrorCode.REGION_NOT_PERMITTED, path, Map.of("region", region.id()));
                }
            }
            return null;
        });
    }

    /** The library codes a token acts for: a JSON array, or one string of codes separated by spaces or commas. */
    static List<String> libraryCodes(SecurityIdentity identity) {
        return TokenClaims.list(identity, Access.LIBRARY_CODES);
    }

    private static String claim(SecurityIdentity identity, String name) {
        return TokenClaims.text(identity, name).orElse(null);
    }

    private static Response refuse(ErrorCode code, String path, Map<String, Object> context) {
        return Response.status(code.status()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(code, path, List.of(), context)).build();
    }
}
