package dev.sibyl.server.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a test run its own, freshly created PostgreSQL database (migrated by Flyway at start) and its own
 * Sibyl home directory, so no test trusts what an earlier run left. The server is found at {@code
 * SIBYL_TEST_PG} (host:port, default 127.0.0.1:5432), user {@code postgres}, trust auth.
 */
public class FreshDatabase implements QuarkusTestResourceLifecycleManager {
    private String adminUrl;
    private String database;

    @Override
    public Map<String, String> start() {
        String hostPort = System.getenv().getOrDefault("SIBYL_TEST_PG", "127.0.0.1:5432");
        adminUrl = "jdbc:postgresql://" + hostPort + "/postgres";
        database = "sibyl_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute("create database " + database);
        try {
            Path home = Files.createTempDirectory("sibyl-test-home");
            return Map.of(
                    "quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://" + hostPort + "/" + database,
                    "quarkus.datasource.username",
                    "postgres",
                    "quarkus.datasource.password",
                    "",
                    "sibyl.home",
                    home.toString(),
                    "sibyl.bootstrap-token",
                    TestTokens.ADMIN);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("drop database if exists " + database + " with (force)");
        }
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + adminUrl + " is needed for tests: " + e.getMessage(), e);
        }
    }
}
