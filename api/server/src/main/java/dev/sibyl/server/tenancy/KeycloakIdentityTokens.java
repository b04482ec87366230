package dev.sibyl.server.tenancy;

import dev.sibyl.tenant.IdentityTokens;
import dev.sibyl.tenant.Person;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer JWTs of the configured OpenID Connect provider (Keycloak), verified by Quarkus OIDC: signature against
 * the provider's keys, issuer, expiry and, when configured, audience. Off unless {@code quarkus.oidc.tenant-enabled}
 * ({@code SIBYL_OIDC_ENABLED}) is true. A person holding the realm role {@value #PLATFORM_ADMIN_ROLE} is a
 * platform admin.
 */
@ApplicationScoped
public class KeycloakIdentityTokens implements IdentityTokens {
    static final String PLATFORM_ADMIN_ROLE = "sibyl-platform-admin";
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    TenantIdentityProvider identities;

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Optional<Person> verify(String bearerToken) {
        if (!enabled) {
            return Optional.empty();
        }
        SecurityIdentity identity;
        try {
            identity = identities
                    .authenticate(new AccessTokenCredential(bearerToken))
                    .await()
                    .atMost(VERIFY_TIMEOUT);
        } catch (AuthenticationFailedException e) {
            return Optional.empty();
        }
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Optional.empty();
        }
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            return Optional.empty(); // a token that names nobody cannot be provisioned
        }
        String name = jwt.getClaim("name");
        if (name == null) {
            name = jwt.getClaim("preferred_username");
        }
        return Optional.of(
                new Person(jwt.getSubject(), jwt.getClaim("email"), name, identity.hasRole(PLATFORM_ADMIN_ROLE)));
    }
}
