package org.chaekieum.hub.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.hub.service.ApiProblemException;
import org.chaekieum.hub.service.HomeRegionRefusalException;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.event.EventFailures;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the hub's API as RFC 9457 {@code application/problem+json}, built from a stable {@link ErrorCode}. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblemException e, HttpServerRequest request) {
        return problem(e.code(), e.getMessage(), e.detailKo(), request, e.errors(), e.context());
    }

    /** A home region's refusal, passed on with its status and code; the instance is the hub's own path. */
    @ServerExceptionMapper
    public Response homeRegionRefusal(HomeRegionRefusalException e, HttpServerRequest request) {
        Problem upstream = e.problem();
        Map<String, Object> context = new LinkedHashMap<>();
        if (upstream.context() != null) {
            context.putAll(upstream.context());
        }
        context.put("homeRegion", e.homeRegion());
        Problem body = new Problem(upstream.type(), upstream.title(), e.status(), upstream.detail(), request.path(),
                upstream.code(), upstream.titleKo(), upstream.detailKo(),
                upstream.errors() == null ? List.of() : upstream.errors(), context);
        return Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    @ServerExceptionMapper
    public Response invalidIdentifier(InvalidIdentifierException e, HttpServerRequest request) {
        return problem(e.code(), null, null, request, List.of());
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return malformed(request);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, HttpServerRequest request) {
        return malformed(request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.MALFORMED_REQUEST;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (code != null) {
            return problem(code, null, null, request, List.of());
        }
        if (status >= 500) {
            LOG.errorf(e, "unexpected error on %s %s", request.method(), request.path());
            return problem(ErrorCode.INTERNAL_ERROR, null, null, request, List.of());
        }
        // Another client error without a code of its own (e.g. 406): keep its status, describe it generically.
        Problem body = new Problem(ErrorCode.VALIDATION_FAILED.typeUri(), e.getResponse().getStatusInfo().getReasonPhrase(),
                status, null, request.path(), ErrorCode.VALIDATION_FAILED.name(), ErrorCode.VALIDATION_FAILED.messageKo(),
                null, List.of(), Map.of());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    /** No token, or one that is expired, forged, from another issuer or for another audience: 401, nothing done. */
    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, HttpServerRequest request) {
        return unauthenticated(request);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, HttpServerRequest request) {
        return unauthenticated(request);
    }

    /** A valid token without a role this endpoint admits: 403. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return problem(ErrorCode.FORBIDDEN, null, null, request, List.of());
    }

    private static Response unauthenticated(HttpServerRequest request) {
        return Response.fromResponse(problem(ErrorCode.UNAUTHENTICATED, null, null, request, List.of()))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (EventFailures.isConcurrentChange(e)) {
            // Where a race is expected the row is locked first; this is the net for one nobody foresaw.
            LOG.warnf("%s %s lost a race with a concurrent change; answered 409 CONCURRENT_CHANGE: %s",
                    request.method(), request.path(), e.toString());
            return problem(ErrorCode.CONCURRENT_CHANGE, null, null, request, List.of());
        }
        LOG.errorf(e, "unexpected error on %s %s", request.method(), request.path());
        return problem(ErrorCode.INTERNAL_ERROR, null, null, request, List.of());
    }

    private static Response malformed(HttpServerRequest request) {
        return problem(ErrorCode.MALFORMED_REQUEST, null, null, request, List.of());
    }

    static Response problem(ErrorCode code, String detail, String detailKo, HttpServerRequest request,
                            List<Problem.FieldError> errors) {
        return problem(code, detail, detailKo, request, errors, Map.of());
    }

    static Response problem(ErrorCode code, String detail, String detailKo, HttpServerRequest request,
                            List<Problem.FieldError> errors, Map<String, Object> context) {
        Problem body = new Problem(code.typeUri(), code.messageEn(), code.status(),
                detail == null ? code.messageEn() : detail, request.path(), code.name(), code.messageKo(),
                detailKo == null ? code.messageKo() : detailKo, errors, context);
        return Response.status(code.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
