package dev.sibyl.server.tenancy;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.Caller;
import dev.sibyl.tenant.TenantContext;
import dev.sibyl.tenant.TokenBuckets;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Rate limits on the tenant API, per credential (token or signed-in user) and per tenant, as token buckets
 * ({@code sibyl.rate-limit.*}). Over the limit: 429 {@code rate-limited} with {@code Retry-After} in whole
 * seconds. The trial channel is not limited here: trials report through their own per-trial tokens, and the
 * metric queue answers 503 with Retry-After when it is full. Buckets live in memory, per server replica.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 10)
public class RateLimitFilter implements ContainerRequestFilter {
    @Inject
    TenantContext tenant;

    @Inject
    InstantSource clock;

    @ConfigProperty(name = "sibyl.rate-limit.per-credential.per-second", defaultValue = "50")
    double credentialRate;

    @ConfigProperty(name = "sibyl.rate-limit.per-credential.burst", defaultValue = "200")
    int credentialBurst;

    @ConfigProperty(name = "sibyl.rate-limit.per-tenant.per-second", defaultValue = "200")
    double tenantRate;

    @ConfigProperty(name = "sibyl.rate-limit.per-tenant.burst", defaultValue = "800")
    int tenantBurst;

    private TokenBuckets credentials;
    private TokenBuckets tenants;

    @PostConstruct
    void init() {
        credentials = new TokenBuckets(credentialRate, credentialBurst, clock);
        tenants = new TokenBuckets(tenantRate, tenantBurst, clock);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!tenant.resolved()) {
            return;
        }
        Caller caller = tenant.caller();
        String credential = caller.tokenId() != null ? "token:" + caller.tokenId() : "user:" + caller.userId();
        Optional<Duration> wait = credentials.take(credential);
        String limited = "this credential";
        if (wait.isEmpty()) {
            wait = tenants.take("tenant:" + caller.tenantId());
            limited = "tenant '" + tenant.slug() + "'";
        }
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw new ProblemException(
                    ProblemType.RATE_LIMITED,
                    "too many requests for " + limited + "; retry in " + seconds + " s",
                    List.of(),
                    Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        }
    }
}
