package dev.sibyl.server.graph;

import io.smallrye.graphql.api.ErrorCode;
import io.smallrye.graphql.api.ErrorExtensionProvider;
import jakarta.json.Json;
import jakarta.json.JsonValue;

/**
 * Puts the REST problem code of a GraphQL error into {@code extensions.code} (found by ServiceLoader): the
 * {@link ErrorCode} of the error or of one of its causes, {@code internal-error} for anything unexpected.
 */
public class ProblemCodeExtension implements ErrorExtensionProvider {
    @Override
    public String getKey() {
        return "code";
    }

    @Override
    public JsonValue mapValueFrom(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            ErrorCode code = t.getClass().getAnnotation(ErrorCode.class);
            if (code != null) {
                return Json.createValue(code.value());
            }
        }
        return Json.createValue("internal-error");
    }
}
