package org.chaekieum.region.rest;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chaekieum.contracts.api.IdempotencyKey;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The {@code Idempotency-Key} header, checked in one place for every endpoint that takes it (any resource method with
 * a {@code @HeaderParam("Idempotency-Key")} parameter, so a new one cannot forget it): 1 to
 * {@link IdempotencyKey#MAX_LENGTH} printable ASCII characters, else 400 problem+json naming the field
 * {@code Idempotency-Key}, before the method runs (so nothing is read, reserved at the hub or written). Callers without
 * a valid token are left to the role check (401).
 */
public class IdempotencyKeyCheck {

    private static final Map<Method, Boolean> TAKES_KEY = new ConcurrentHashMap<>();

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        List<String> values = request.getHeaders().get(IdempotencyKey.HEADER);
        if (method == null || values == null || !TAKES_KEY.computeIfAbsent(method, IdempotencyKeyCheck::takesKey)) {
            return Uni.createFrom().nullItem();
        }
        List<Problem.FieldError> errors = IdempotencyKey.check(values);
        if (errors.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String path = request.getUriInfo().getPath();
        return identities.getDeferredIdentity().map(identity -> identity.isAnonymous() ? null
                : Response.status(ErrorCode.VALIDATION_FAILED.status()).type(Problem.MEDIA_TYPE)
                        .entity(Problem.of(ErrorCode.VALIDATION_FAILED, path, errors, null)).build());
    }

    private static boolean takesKey(Method method) {
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof HeaderParam header
                        && header.value().equalsIgnoreCase(IdempotencyKey.HEADER)) {
                    return true;
                }
            }
        }
        return false;
    }
}
