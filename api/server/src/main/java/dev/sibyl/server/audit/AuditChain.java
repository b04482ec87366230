package dev.sibyl.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of audit events: each event's hash covers its own fields and the previous event's hash (the
 * first event of a tenant follows {@link #GENESIS}), so changing, removing or reordering a row breaks every
 * hash after it.
 */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);
    private static final char SEPARATOR = '\u001f';

    private AuditChain() {}

    public static String hash(AuditEvent e, String prevHash) {
        StringBuilder canonical = new StringBuilder()
                .append(e.id())
                .append(SEPARATOR)
                .append(e.tenantId())
                .append(SEPARATOR)
                .append(e.at().toString())
                .append(SEPARATOR)
                .append(e.actor())
                .append(SEPARATOR)
                .append(e.tokenId())
                .append(SEPARATOR)
                .append(e.action())
                .append(SEPARATOR)
                .append(e.target())
                .append(SEPARATOR)
                .append(e.method())
                .append(SEPARATOR)
                .append(e.sourceAddress())
                .append(SEPARATOR)
                .append(e.status())
                .append(SEPARATOR)
                .append(e.outcome())
                .append(SEPARATOR)
                .append(prevHash);
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e1) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e1);
        }
    }
}
