package dev.sibyl.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;

/** Issues single-use invitations; the link token exists in plain text only in the answer to its creator. */
@ApplicationScoped
public class Invitations {
    public static final Duration VALIDITY = Duration.ofDays(7);
    public static final String PREFIX = "inv_";

    private final SecureRandom random = new SecureRandom();

    @Inject
    InstantSource clock;

    /** An issued invitation and its link token. */
    public record Issued(Invitation invitation, String token) {
        @Override
        public String toString() {
            return "Issued[invitation=" + invitation.id + "]";
        }
    }

    @Transactional
    public Issued invite(long tenantId, String email, Role role) {
        String token = PREFIX + TokenSecrets.generate(random).substring(TokenSecrets.PREFIX.length());
        Invitation i = new Invitation();
        i.tenantId = tenantId;
        i.email = email.strip();
        i.role = role.stored();
        i.tokenHash = TokenSecrets.hash(token);
        i.createdAt = clock.instant();
        i.expiresAt = i.createdAt.plus(VALIDITY);
        i.persist();
        return new Issued(i, token);
    }
}
