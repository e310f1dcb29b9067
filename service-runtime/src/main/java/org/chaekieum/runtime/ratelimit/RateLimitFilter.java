package org.chaekieum.runtime.ratelimit;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.runtime.problem.ProblemException;
import org.chaekieum.runtime.problem.ProblemMappers;
import org.chaekieum.runtime.security.TokenClaims;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link RateLimited} before the resource method runs (so a refused call costs nothing and writes nothing):
 * the caller's bucket of that limit gives one token, or the call is refused with {@code 429 RATE_LIMITED}
 * (problem+json, {@code context.limit} and {@code context.retryAfterSeconds}, and a {@code Retry-After} header). The
 * caller is the token's client ({@code azp}, else {@code client_id}, else its subject); when the path names a library
 * the client acts for ({@code {libraryCode}} among its {@code library_codes}), each such library has its own bucket,
 * as its desks and kiosks are its own. Callers without a valid token are left to the role check (401). Runs after the
 * services' scope checks, so a call refused for its scope does not spend the client's budget.
 */
public class RateLimitFilter {

    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);
    private static final Map<Method, Optional<String>> LIMITS = new ConcurrentHashMap<>();

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    RateLimits limits;

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Uni<Response> limit(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        Optional<String> limit = method == null ? Optional.empty()
                : LIMITS.computeIfAbsent(method, m -> limitOf(m, resource.getResourceClass()));
        if (limit.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String name = limit.get();
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous()) {
                return null; // the role check on the resource answers 401
            }
            RateLimits.Caller caller = callerOf(identity,
                    request.getUriInfo().getPathParameters().getFirst("libraryCode"));
            long retryAfter = limits.take(name, caller);
            if (retryAfter == 0) {
                return null;
            }
            LOG.debugf("refused %s %s: client %s exceeded rate limit %s", request.getMethod(),
                    request.getUriInfo().getPath(), caller.client(), name);
            ProblemException refusal = ProblemException.because(ErrorCode.RATE_LIMITED, "retry-after", name, retryAfter)
                    .withContext(Map.of("limit", name, "retryAfterSeconds", retryAfter))
                    .withHeader("Retry-After", Long.toString(retryAfter));
            return ProblemMappers.answer(refusal, request.getUriInfo());
        });
    }

    /** The client a token was issued to, and the library of the path when the client acts for it. */
    static RateLimits.Caller callerOf(SecurityIdentity identity, String libraryCode) {
        String client = TokenClaims.text(identity, "azp")
                .or(() -> TokenClaims.text(identity, "client_id"))
                .orElse(identity.getPrincipal().getName());
        String library = libraryCode != null && TokenClaims.list(identity, Access.LIBRARY_CODES).contains(libraryCode)
                ? libraryCode : null;
        return new RateLimits.Caller(client, library);
    }

    private static Optional<String> limitOf(Method method, Class<?> resourceClass) {
        RateLimited limited = method.getAnnotation(RateLimited.class);
        if (limited == null && resourceClass != null) {
            limited = resourceClass.getAnnotation(RateLimited.class);
        }
        return Optional.ofNullable(limited).map(RateLimited::value);
    }
}
