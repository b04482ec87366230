package dev.sibyl.server.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The right to make scheduling decisions, held by at most one server replica: a PostgreSQL session-level advisory
 * lock on a connection kept open for it. A replica whose connection breaks loses the lease with it (the database
 * releases the lock), and another replica takes it at its next try.
 */
final class SchedulerLease implements AutoCloseable {
    /** An arbitrary constant shared by every replica. */
    static final long KEY = 0x5_1b71_5c4e_d0eL;

    private final DataSource dataSource;
    private final long key;
    private Connection held;

    SchedulerLease(DataSource dataSource) {
        this(dataSource, KEY);
    }

    SchedulerLease(DataSource dataSource, long key) {
        this.dataSource = dataSource;
        this.key = key;
    }

    /** True when this replica holds the lease now, taking it when it is free. */
    synchronized boolean holds() {
        try {
            if (held != null && held.isValid(2)) {
                return true;
            }
            release();
            Connection c = dataSource.getConnection();
            try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
                s.setLong(1, key);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && r.getBoolean(1)) {
                        held = c;
                        return true;
                    }
                }
            }
            c.close();
            return false;
        } catch (SQLException e) {
            release();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (held != null) {
            try (PreparedStatement s = held.prepareStatement("select pg_advisory_unlock(?)")) {
                s.setLong(1, key);
                s.execute();
            } catch (SQLException e) {
                // closing the connection releases it too
            }
        }
        release();
    }

    private void release() {
        if (held != null) {
            try {
                held.close();
            } catch (SQLException e) {
                // gone already
            }
            held = null;
        }
    }
}
