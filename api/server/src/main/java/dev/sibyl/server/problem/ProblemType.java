package dev.sibyl.server.problem;

import java.net.URI;

/**
 * Every kind of error the API answers with, mapped once: the {@code code} slug (also the last segment of
 * the problem {@code type} URI), the HTTP status, a fixed human title, and whether retrying the same
 * request later may succeed.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", 400, "Invalid request", false),
    MALFORMED_BODY("malformed-body", 400, "Malformed request body", false),
    INVALID_CONFIG("invalid-config", 400, "Invalid experiment config", false),
    INVALID_CODE_ARCHIVE("invalid-code-archive", 400, "Invalid code archive", false),
    INVALID_PLUGIN("invalid-plugin", 400, "Plugin JAR refused", false),
    UNAUTHENTICATED("unauthenticated", 401, "Authentication required", false),
    FORBIDDEN("forbidden", 403, "Forbidden", false),
    NOT_FOUND("not-found", 404, "Not found", false),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed", false),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable", false),
    CONFLICT("conflict", 409, "Conflict", false),
    /** A concurrent change won; the same request may succeed when sent again. */
    CONCURRENT_UPDATE("concurrent-update", 409, "Concurrent update", true),
    BUDGET_EXHAUSTED("budget-exhausted", 409, "Experiment budget exhausted", false),
    QUOTA_EXCEEDED("quota-exceeded", 409, "Tenant quota exceeded", false),
    GONE("gone", 410, "Gone", false),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large", false),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type", false),
    RATE_LIMITED("rate-limited", 429, "Too many requests", true),
    INTERNAL_ERROR("internal-error", 500, "Internal server error", true),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service unavailable", true);

    static final String TYPE_BASE = "https://sibyl.dev/problems/";

    private final String code;
    private final int status;
    private final String title;
    private final boolean retriable;

    ProblemType(String code, int status, String title, boolean retriable) {
        this.code = code;
        this.status = status;
        this.title = title;
        this.retriable = retriable;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public boolean retriable() {
        return retriable;
    }

    public URI type() {
        return URI.create(TYPE_BASE + code);
    }

    /** The generic type for an HTTP status produced outside Sibyl's code (routing, content negotiation). */
    public static ProblemType forStatus(int status) {
        switch (status) {
            case 400:
                return INVALID_REQUEST;
            case 401:
                return UNAUTHENTICATED;
            case 403:
                return FORBIDDEN;
            case 404:
                return NOT_FOUND;
            case 405:
                return METHOD_NOT_ALLOWED;
            case 406:
                return NOT_ACCEPTABLE;
            case 409:
                return CONFLICT;
            case 410:
                return GONE;
            case 413:
                return PAYLOAD_TOO_LARGE;
            case 415:
                return UNSUPPORTED_MEDIA_TYPE;
            case 503:
                return SERVICE_UNAVAILABLE;
            default:
                return status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL_ERROR;
        }
    }
}
