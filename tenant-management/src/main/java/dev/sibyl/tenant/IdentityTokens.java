package dev.sibyl.tenant;

import java.util.Optional;

/**
 * Verifies bearer tokens that are not Sibyl API tokens: JWTs of the configured identity provider (Keycloak).
 * The server provides the implementation (Quarkus OIDC); without one, only API tokens are accepted.
 * Implementations are called on a worker thread and may block.
 */
public interface IdentityTokens {
    /** Whether an identity provider is configured at all. */
    boolean enabled();

    /** The person the token proves, or empty when it is not a valid, unexpired token of the provider. */
    Optional<Person> verify(String bearerToken);
}
