package dev.sibyl.server.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.sibyl.tenant.TenantAccessException;
import dev.sibyl.tuner.spi.InvalidInputException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception mapper of the API: every failure leaves as RFC 9457 {@code application/problem+json}
 * with {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, {@code code}, {@code
 * traceId}, {@code retriable} and {@code errors[]}. Details come only from Sibyl's own messages; anything
 * unexpected answers 500 with a generic detail and is logged here with its trace id. Never a class name or
 * stack trace in a body.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final int MAX_DETAIL_VIOLATIONS = 10;
    private static final SecureRandom TRACE_IDS = new SecureRandom();

    @Context
    UriInfo uriInfo;

    @Context
    Request request;

    @Context
    HttpServerResponse vertxResponse;

    @Inject
    ObjectMapper json;

    @Override
    public Response toResponse(Throwable failure) {
        String traceId = traceId();
        if (alreadyAnswered()) {
            // The HTTP layer has answered already (a body over the size limit is refused with 413 while it is
            // read); nothing can be added to that answer.
            LOG.debugf(
                    "%s %s: already answered %d [traceId=%s]: %s",
                    method(), path(), vertxResponse.getStatusCode(), traceId, failure.toString());
            return Response.status(vertxResponse.getStatusCode()).build();
        }
        Mapped mapped = map(failure);
        if (mapped.type.status() >= 500) {
            LOG.errorf(failure, "%s %s failed [traceId=%s]", method(), path(), traceId);
        } else {
            LOG.debugf(
                    "%s %s answered %d %s: %s",
                    method(), path(), mapped.type.status(), mapped.type.code(), mapped.detail);
        }
        Response.ResponseBuilder response =
                Response.status(mapped.type.status()).type(PROBLEM_JSON).entity(body(mapped, traceId));
        mapped.headers.forEach(response::header);
        return response.build();
    }

    /**
     * Jackson's "wrong shape" failures would otherwise go to Quarkus's own mapper for that exact type (the most
     * specific mapper wins); this entry point keeps them here.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException failure) {
        return toResponse(failure);
    }

    private Mapped map(Throwable failure) {
        if (failure instanceof ProblemException p) {
            return new Mapped(p.type(), p.detail(), p.errors(), p.headers());
        }
        if (failure instanceof InvalidInputException invalid) {
            ProblemException p = ProblemException.of(ProblemType.INVALID_REQUEST, invalid.violations());
            return new Mapped(p.type(), p.detail(), p.errors(), Map.of());
        }
        if (failure instanceof TenantAccessException denied) {
            if (denied.kind() == TenantAccessException.Kind.UNKNOWN_TENANT) {
                return new Mapped(ProblemType.NOT_FOUND, denied.getMessage(), List.of(), Map.of());
            }
            if (denied.kind() == TenantAccessException.Kind.FORBIDDEN) {
                return new Mapped(ProblemType.FORBIDDEN, denied.getMessage(), List.of(), Map.of());
            }
            return new Mapped(
                    ProblemType.UNAUTHENTICATED,
                    denied.getMessage(),
                    List.of(),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, denied.challenge()));
        }
        JsonProcessingException badJson = find(failure, JsonProcessingException.class);
        if (badJson != null) {
            return malformedBody(badJson);
        }
        if (failure instanceof WebApplicationException web) {
            return fromStatus(web.getResponse());
        }
        if (find(failure, OptimisticLockException.class) != null || find(failure, StaleStateException.class) != null) {
            return new Mapped(
                    ProblemType.CONCURRENT_UPDATE,
                    "the resource was changed by another request at the same time; send the request again",
                    List.of(),
                    Map.of());
        }
        SQLException sql = find(failure, SQLException.class);
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
            return new Mapped(
                    ProblemType.CONFLICT,
                    "the request conflicts with data stored by another request",
                    List.of(),
                    Map.of());
        }
        return new Mapped(
                ProblemType.INTERNAL_ERROR,
                "the server failed to handle this request; report the traceId if it persists",
                List.of(),
                Map.of());
    }

    private Mapped fromStatus(Response response) {
        int status = response.getStatus();
        ProblemType type = ProblemType.forStatus(status);
        Map<String, String> headers = new LinkedHashMap<>();
        copyHeader(response, HttpHeaders.ALLOW, headers);
        copyHeader(response, HttpHeaders.WWW_AUTHENTICATE, headers);
        copyHeader(response, HttpHeaders.RETRY_AFTER, headers);
        String detail;
        switch (type) {
            case NOT_FOUND:
                detail = "there is nothing at " + path();
                break;
            case METHOD_NOT_ALLOWED:
                detail = method() + " is not allowed on " + path()
                        + (headers.containsKey(HttpHeaders.ALLOW)
                                ? "; allowed: " + headers.get(HttpHeaders.ALLOW)
                                : "");
                break;
            case UNSUPPORTED_MEDIA_TYPE:
                detail = "this endpoint does not accept the request's Content-Type";
                break;
            case NOT_ACCEPTABLE:
                detail = "this endpoint cannot produce any media type the request's Accept header allows";
                break;
            case PAYLOAD_TOO_LARGE:
                detail = "the request body is larger than this server accepts";
                break;
            case UNAUTHENTICATED:
                detail = "an API token is required: Authorization: Bearer sbl_...";
                break;
            case INTERNAL_ERROR:
                detail = "the server failed to handle this request; report the traceId if it persists";
                break;
            default:
                detail = type.title();
        }
        if (type.status() != status && status >= 400 && status < 500) {
            return new Mapped(type, detail, List.of(), headers, status);
        }
        return new Mapped(type, detail, List.of(), headers);
    }

    private static Mapped malformedBody(JsonProcessingException e) {
        String where = "";
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            where = " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        String message;
        if (e instanceof JsonParseException) {
            message = "is not valid JSON: " + e.getOriginalMessage() + where;
        } else if (e instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            message = "has a value of the wrong type at '" + field + "'" + where;
        } else {
            message = "does not have the expected JSON shape" + where;
        }
        return new Mapped(
                ProblemType.MALFORMED_BODY,
                "the request body " + message,
                List.of(new FieldError("body", message)),
                Map.of());
    }

    private String body(Mapped mapped, String traceId) {
        return body(json, mapped.type, mapped.status, mapped.detail, path(), traceId, mapped.errors);
    }

    /** The problem+json text of one problem; shared with the checks that answer before JAX-RS runs. */
    static String body(
            ObjectMapper json,
            ProblemType type,
            int status,
            String detail,
            String instance,
            String traceId,
            List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.type().toString());
        body.put("title", type.title());
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        body.put("code", type.code());
        body.put("traceId", traceId);
        body.put("retriable", type.retriable());
        body.put("errors", errors);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem body is plain data and always serializable", e);
        }
    }

    /** The current OpenTelemetry trace id, or a fresh random one when no span is recording. */
    static String traceId() {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            return span.getTraceId();
        }
        byte[] id = new byte[16];
        TRACE_IDS.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private boolean alreadyAnswered() {
        try {
            return vertxResponse != null && vertxResponse.ended();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String path() {
        try {
            return uriInfo.getRequestUri().getRawPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String method() {
        try {
            return request.getMethod();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static void copyHeader(Response response, String name, Map<String, String> into) {
        String value = response.getHeaderString(name);
        if (value != null && !value.isBlank()) {
            into.put(name, value);
        }
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> kind) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (kind.isInstance(t)) {
                return kind.cast(t);
            }
        }
        return null;
    }

    private static final class Mapped {
        final ProblemType type;
        final String detail;
        final List<FieldError> errors;
        final Map<String, String> headers;
        final int status;

        Mapped(ProblemType type, String detail, List<FieldError> errors, Map<String, String> headers) {
            this(type, detail, errors, headers, type.status());
        }

        Mapped(ProblemType type, String detail, List<FieldError> errors, Map<String, String> headers, int status) {
            this.type = type;
            this.detail = cap(detail);
            this.errors = errors;
            this.headers = headers;
            this.status = status;
        }

        private static String cap(String detail) {
            if (detail == null) {
                return null;
            }
            String[] parts = detail.split("; ");
            if (parts.length <= MAX_DETAIL_VIOLATIONS) {
                return detail;
            }
            return String.join("; ", List.of(parts).subList(0, MAX_DETAIL_VIOLATIONS)) + "; and "
                    + (parts.length - MAX_DETAIL_VIOLATIONS) + " more";
        }
    }
}
