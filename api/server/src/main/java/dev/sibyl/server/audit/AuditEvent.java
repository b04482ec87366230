package dev.sibyl.server.audit;

import java.time.Instant;
import java.util.Objects;

/** One audited call, as stored in {@code audit_events} and hashed into its tenant's chain. */
public record AuditEvent(
        long id,
        Long tenantId,
        Instant at,
        String actor,
        Long tokenId,
        String action,
        String target,
        String method,
        String sourceAddress,
        int status,
        String outcome,
        String prevHash,
        String hash) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
    }

    /** The same event with its chain hash set. */
    public AuditEvent withHash(String chainHash) {
        return new AuditEvent(
                id,
                tenantId,
                at,
                actor,
                tokenId,
                action,
                target,
                method,
                sourceAddress,
                status,
                outcome,
                prevHash,
                chainHash);
    }
}
