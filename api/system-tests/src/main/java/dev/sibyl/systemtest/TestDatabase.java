package dev.sibyl.systemtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one system test or benchmark run, on the server named by {@code
 * SIBYL_TEST_PG} (default 127.0.0.1:5432, user postgres, trust auth). Dropped on close.
 */
public final class TestDatabase implements AutoCloseable {
    private final String hostPort;
    private final String name;

    private TestDatabase(String hostPort, String name) {
        this.hostPort = hostPort;
        this.name = name;
    }

    public static TestDatabase create(String purpose) {
        String hostPort = System.getenv().getOrDefault("SIBYL_TEST_PG", "127.0.0.1:5432");
        String name = "sibyl_" + purpose + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TestDatabase db = new TestDatabase(hostPort, name);
        db.admin("create database " + name);
        return db;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + hostPort + "/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + hostPort + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin("drop database if exists " + name + " with (force)");
    }
}
