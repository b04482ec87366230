package dev.sibyl.server.pool;

import dev.sibyl.scheduler.fairshare.Wait;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The queue as the last scheduling pass left it, in the {@code trial_queue} table, so a replica that does not hold
 * the scheduler lease answers with the same positions and reasons as the one that does. The lease holder publishes
 * only what changed since its previous publication (a pass may leave a hundred thousand trials waiting, most of
 * them where they were); its first publication replaces whatever an earlier holder left.
 */
final class QueueBoard {
    private final DataSource dataSource;
    /** What this replica last wrote, by trial key; null until its first publication. */
    private Map<String, Wait> published;

    QueueBoard(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes the waits of a pass (keyed by {@link SnapshotReader#key}): new and changed rows, and removals. */
    synchronized void publish(Map<String, Wait> waits) {
        boolean first = published == null;
        Map<String, Wait> before = first ? Map.of() : published;
        List<String> gone = new ArrayList<>();
        for (String key : before.keySet()) {
            if (!waits.containsKey(key)) {
                gone.add(key);
            }
        }
        List<Wait> changed = new ArrayList<>();
        waits.forEach((key, wait) -> {
            Wait old = before.get(key);
            if (old == null || old.position() != wait.position() || !old.why().equals(wait.why())) {
                changed.add(wait);
            }
        });
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (first) {
                    try (PreparedStatement s = c.prepareStatement("delete from trial_queue")) {
                        s.executeUpdate();
                    }
                }
                delete(c, gone);
                upsert(c, changed);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            published = null; // unknown what reached the table: replace it all next time
            throw new IllegalStateException("publishing the queue failed", e);
        }
        published = new HashMap<>(waits);
    }

    /** Forget what was published: the next publication replaces the table (after losing and retaking the lease). */
    synchronized void reset() {
        published = null;
    }

    Optional<QueueEntry> entry(String experimentId, String trialId) {
        List<QueueEntry> found = query(
                "select position, tenant, experiment_id, trial_id, reason from trial_queue"
                        + " where experiment_id = ? and trial_id = ?",
                experimentId,
                trialId);
        return found.stream().findFirst();
    }

    /** The waiting trials that may run in {@code pool}, in queue order. */
    List<QueueEntry> queue(String pool) {
        return query(
                "select position, tenant, experiment_id, trial_id, reason from trial_queue"
                        + " where cardinality(pools) = 0 or ? = any(pools) order by position",
                pool);
    }

    private List<QueueEntry> query(String sql, String... arguments) {
        List<QueueEntry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                s.setString(i + 1, arguments[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new QueueEntry(
                            r.getInt(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the queue failed", e);
        }
        return out;
    }

    private static void delete(Connection c, List<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement s =
                c.prepareStatement("delete from trial_queue where experiment_id = ? and trial_id = ?")) {
            for (String key : keys) {
                String[] parts = SnapshotReader.split(key);
                s.setString(1, parts[0]);
                s.setString(2, parts[1]);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void upsert(Connection c, List<Wait> waits) throws SQLException {
        if (waits.isEmpty()) {
            return;
        }
        // A trial whose experiment was deleted since the pass is skipped rather than failing the batch.
        try (PreparedStatement s = c.prepareStatement("insert into trial_queue"
                + " (experiment_id, trial_id, tenant, position, reason, pools)"
                + " select ?, ?, ?, ?, ?, ? where exists (select 1 from experiments where id = ?)"
                + " on conflict (experiment_id, trial_id) do update set"
                + " tenant = excluded.tenant, position = excluded.position, reason = excluded.reason,"
                + " pools = excluded.pools")) {
            for (Wait w : waits) {
                String[] key = SnapshotReader.split(w.trial().id());
                Array pools = c.createArrayOf("text", w.trial().allowedPools().toArray());
                s.setString(1, key[0]);
                s.setString(2, key[1]);
                s.setString(3, w.trial().tenant());
                s.setInt(4, w.position());
                s.setString(5, QueueEntry.of(w).reason());
                s.setArray(6, pools);
                s.setString(7, key[0]);
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
