package dev.sibyl.server.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared {@code Content-Length} exceeds {@code quarkus.http.limits.max-body-size}
 * with a 413 problem before any of the body is read. Quarkus would refuse it too, one step later, with an
 * empty body; this check runs just before that one so the client learns why in the usual problem+json form.
 */
@ApplicationScoped
public class BodySizeLimit {
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        if (maxBodySize.isEmpty()) {
            return;
        }
        long limit = maxBodySize.get().asLongValue();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(context -> check(context, limit));
    }

    private void check(RoutingContext context, long limit) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length <= limit) {
            context.next();
            return;
        }
        String body = ProblemMapper.body(
                json,
                ProblemType.PAYLOAD_TOO_LARGE,
                ProblemType.PAYLOAD_TOO_LARGE.status(),
                "the request body (" + length + " bytes) is larger than this server accepts (" + limit + " bytes)",
                context.request().path(),
                ProblemMapper.traceId(),
                List.of());
        context.response()
                .setStatusCode(ProblemType.PAYLOAD_TOO_LARGE.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
