package dev.sibyl.server.pool;

import dev.sibyl.scheduler.fairshare.FairShareDebts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The tenants' fair-share debts in the {@code fair_share_debts} table: the replica holding the scheduler lease
 * saves them now and then and loads them when it starts deciding, so a restart or a change of lease holder does
 * not forget who is owed (ADR 0029). Debts of tenants that no longer exist go with them.
 */
final class DebtBook {
    private final DataSource dataSource;

    DebtBook(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The debts last saved (empty, with no time, when none were), decaying with {@code halfLifeMillis}. */
    FairShareDebts load(double halfLifeMillis) {
        Map<String, Double> debts = new HashMap<>();
        long observedAt = Long.MIN_VALUE;
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("select tenant_slug, debt, observed_at from fair_share_debts");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                debts.put(r.getString(1), r.getDouble(2));
                observedAt = Math.max(observedAt, r.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the fair-share debts failed", e);
        }
        return FairShareDebts.restore(halfLifeMillis, debts, observedAt);
    }

    /** Writes every debt as of the latest snapshot observed; tenants unknown to the database are skipped. */
    void save(FairShareDebts debts) {
        if (debts.observedAt() == Long.MIN_VALUE) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("insert into fair_share_debts (tenant_slug, debt, observed_at)"
                        + " select slug, ?, ? from tenants where slug = ?"
                        + " on conflict (tenant_slug) do update set debt = excluded.debt,"
                        + " observed_at = excluded.observed_at")) {
            for (Map.Entry<String, Double> e : debts.debts().entrySet()) {
                s.setDouble(1, e.getValue());
                s.setLong(2, debts.observedAt());
                s.setString(3, e.getKey());
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("saving the fair-share debts failed", e);
        }
    }
}
