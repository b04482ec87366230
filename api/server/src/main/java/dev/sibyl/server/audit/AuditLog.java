package dev.sibyl.server.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Appends to and reads the audit trail. Each append runs in its own short transaction that takes the tenant's
 * chain lock (a transaction-scoped advisory lock), reads the chain's last hash and inserts the new row, so
 * concurrent calls of one tenant still form one unbroken chain. Nothing here updates or deletes; the table's
 * trigger refuses both anyway.
 */
@ApplicationScoped
public class AuditLog {
    private static final int CHAIN_LOCK_SPACE = 0x5ab1a0d1;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    InstantSource clock;

    /** What a call did, before it is numbered and chained. */
    public record Entry(
            Long tenantId,
            String actor,
            Long tokenId,
            String action,
            String target,
            String method,
            String sourceAddress,
            int status) {}

    public AuditEvent append(Entry entry) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String outcome = entry.status() < 400 ? "succeeded" : entry.status() < 500 ? "refused" : "failed";
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                AuditEvent event = appendLocked(c, entry, at, outcome);
                c.commit();
                return event;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording the audit event failed: " + e.getMessage(), e);
        }
    }

    private static AuditEvent appendLocked(Connection c, Entry entry, Instant at, String outcome) throws SQLException {
        long chain = entry.tenantId() == null ? 0 : entry.tenantId();
        try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
            s.setInt(1, CHAIN_LOCK_SPACE);
            s.setInt(2, (int) chain);
            s.execute();
        }
        String prev = lastHash(c, entry.tenantId()).orElse(AuditChain.GENESIS);
        long id;
        try (PreparedStatement s = c.prepareStatement("select nextval('audit_events_seq')");
                ResultSet r = s.executeQuery()) {
            r.next();
            id = r.getLong(1);
        }
        AuditEvent unhashed = new AuditEvent(
                id,
                entry.tenantId(),
                at,
                entry.actor(),
                entry.tokenId(),
                entry.action(),
                entry.target(),
                entry.method(),
                entry.sourceAddress(),
                entry.status(),
                outcome,
                prev,
                null);
        String hash = AuditChain.hash(unhashed, prev);
        try (PreparedStatement s = c.prepareStatement("insert into audit_events (id, tenant_id, at, actor, token_id,"
                + " action, target, method, source_address, status, outcome, prev_hash, hash)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, id);
            setLong(s, 2, entry.tenantId());
            s.setTimestamp(3, Timestamp.from(at));
            s.setString(4, entry.actor());
            setLong(s, 5, entry.tokenId());
            s.setString(6, entry.action());
            s.setString(7, entry.target());
            s.setString(8, entry.method());
            s.setString(9, entry.sourceAddress());
            s.setInt(10, entry.status());
            s.setString(11, outcome);
            s.setString(12, prev);
            s.setString(13, hash);
            s.executeUpdate();
        }
        return unhashed.withHash(hash);
    }

    private static Optional<String> lastHash(Connection c, Long tenantId) throws SQLException {
        String sql = tenantId == null
                ? "select hash from audit_events where tenant_id is null order by id desc limit 1"
                : "select hash from audit_events where tenant_id = ? order by id desc limit 1";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (tenantId != null) {
                s.setLong(1, tenantId);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    /** A filtered page of a tenant's events, newest first. */
    public record Query(String action, String actor, Instant from, Instant to, int page, int size) {}

    public record Page(List<AuditEvent> items, int page, int size, long total) {}

    public Page find(long tenantId, Query q) {
        StringBuilder where = new StringBuilder(" where tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenantId));
        if (q.action() != null) {
            where.append(" and action = ?");
            args.add(q.action());
        }
        if (q.actor() != null) {
            where.append(" and actor = ?");
            args.add(q.actor());
        }
        if (q.from() != null) {
            where.append(" and at >= ?");
            args.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            where.append(" and at < ?");
            args.add(Timestamp.from(q.to()));
        }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("select count(*) from audit_events" + where)) {
                bind(s, args);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    total = r.getLong(1);
                }
            }
            List<AuditEvent> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "select " + COLUMNS + " from audit_events" + where + " order by id desc limit ? offset ?")) {
                List<Object> paged = new ArrayList<>(args);
                paged.add(q.size());
                paged.add((long) q.page() * q.size());
                bind(s, paged);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        items.add(read(r));
                    }
                }
            }
            return new Page(items, q.page(), q.size(), total);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the audit trail failed: " + e.getMessage(), e);
        }
    }

    /** The result of checking a tenant's chain: where it first breaks, if anywhere. */
    public record Verification(
            boolean intact, long checked, Long brokenAt, String expectedHash, String storedHash, String reason) {}

    public Verification verify(long tenantId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select " + COLUMNS + " from audit_events where tenant_id = ? order by id")) {
            s.setLong(1, tenantId);
            s.setFetchSize(1000);
            String prev = AuditChain.GENESIS;
            long checked = 0;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    AuditEvent e = read(r);
                    if (!e.prevHash().equals(prev)) {
                        return new Verification(
                                false,
                                checked,
                                e.id(),
                                prev,
                                e.prevHash(),
                                "the link to the previous event does not match");
                    }
                    String expected = AuditChain.hash(e, prev);
                    if (!expected.equals(e.hash())) {
                        return new Verification(
                                false,
                                checked,
                                e.id(),
                                expected,
                                e.hash(),
                                "the event's content does not match its hash");
                    }
                    prev = e.hash();
                    checked++;
                }
            }
            return new Verification(true, checked, null, null, null, null);
        } catch (SQLException e) {
            throw new IllegalStateException("verifying the audit trail failed: " + e.getMessage(), e);
        }
    }

    private static final String COLUMNS = "id, tenant_id, at, actor, token_id, action, target, method, source_address,"
            + " status, outcome, prev_hash, hash";

    private static AuditEvent read(ResultSet r) throws SQLException {
        long tenant = r.getLong(2);
        Long tenantId = r.wasNull() ? null : tenant;
        long token = r.getLong(5);
        Long tokenId = r.wasNull() ? null : token;
        return new AuditEvent(
                r.getLong(1),
                tenantId,
                r.getTimestamp(3).toInstant(),
                r.getString(4),
                tokenId,
                r.getString(6),
                r.getString(7),
                r.getString(8),
                r.getString(9),
                r.getInt(10),
                r.getString(11),
                r.getString(12),
                r.getString(13));
    }

    private static void bind(PreparedStatement s, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            s.setObject(i + 1, args.get(i));
        }
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }
}
