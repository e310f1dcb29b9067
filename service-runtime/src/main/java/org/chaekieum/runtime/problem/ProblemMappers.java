package org.chaekieum.runtime.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.runtime.persistence.DatabaseFailures;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refusal of both services as RFC 9457 problem+json with a stable code, the same shape for the same mistake
 * (bad JSON names the field it could not read). A client's mistake is never a 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return answer(e, uri);
    }

    /** A refusal as its answer, for a request filter that refuses before any resource method runs. */
    public static Response answer(ProblemException e, UriInfo uri) {
        Response answer = respond(e.toProblem(path(uri)));
        if (e.headers().isEmpty()) {
            return answer;
        }
        Response.ResponseBuilder withHeaders = Response.fromResponse(answer);
        e.headers().forEach(withHeaders::header);
        return withHeaders.build();
    }

    @ServerExceptionMapper
    public Response identifier(InvalidIdentifierException e, UriInfo uri) {
        return respond(Problem.of(e.code(), path(uri)));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        List<Problem.FieldError> errors = List.of();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            errors = List.of(Problem.FieldError.of(field, ErrorCode.FIELD_INVALID));
        }
        return respond(Problem.of(ErrorCode.MALFORMED_REQUEST, path(uri), errors, null));
    }

    /** Quarkus maps this one itself; ours must be at least as specific to win. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        ErrorCode code;
        if (e instanceof NotFoundException) {
            code = ErrorCode.NOT_FOUND;
        } else if (e instanceof NotAllowedException) {
            code = ErrorCode.METHOD_NOT_ALLOWED;
        } else if (e instanceof NotSupportedException) {
            code = ErrorCode.UNSUPPORTED_MEDIA_TYPE;
        } else if (e.getResponse().getStatus() == 400) {
            code = ErrorCode.MALFORMED_REQUEST;
        } else if (e.getResponse().getStatus() < 500) {
            // Another client error without a code of its own (e.g. 406): its status, described generically.
            int status = e.getResponse().getStatus();
            Problem generic = new Problem(ErrorCode.VALIDATION_FAILED.typeUri(),
                    e.getResponse().getStatusInfo().getReasonPhrase(), status, null, path(uri),
                    ErrorCode.VALIDATION_FAILED.name(), ErrorCode.VALIDATION_FAILED.messageKo(), null, List.of(),
                    Map.of());
            return Response.status(status).type(Problem.MEDIA_TYPE).entity(generic).build();
        } else {
            LOG.error("request failed", e);
            code = ErrorCode.INTERNAL_ERROR;
        }
        return respond(Problem.of(code, path(uri)));
    }

    /** No token, or one that is expired, forged, from another issuer or for another audience: 401, nothing done. */
    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    /** A valid token without a role this endpoint admits: 403. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ErrorCode.FORBIDDEN, path(uri)));
    }

    private static Response unauthenticated(UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(ErrorCode.UNAUTHENTICATED, path(uri))))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (DatabaseFailures.isConcurrentChange(e)) {
            // Where a race is expected the row is locked first; this is the net for one nobody foresaw.
            LOG.warnf("request on %s lost a race with a concurrent change; answered 409 CONCURRENT_CHANGE: %s",
                    path(uri), e.toString());
            return respond(Problem.of(ErrorCode.CONCURRENT_CHANGE, path(uri)));
        }
        LOG.error("request failed", e);
        return respond(Problem.of(ErrorCode.INTERNAL_ERROR, path(uri)));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}
