package dev.sibyl.server.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TrialTokensTest {
    @Inject
    TrialTokens tokens;

    @Inject
    DataSource dataSource;

    @Test
    void givesEachTrialItsOwnStableUrlSafeToken() {
        String token = tokens.token("k3j9x0ab", "Ab3x9");

        assertThat(token).matches("[A-Za-z0-9_-]{43}").isEqualTo(tokens.token("k3j9x0ab", "Ab3x9"));
        assertThat(tokens.token("k3j9x0ab", "Ab3x8")).isNotEqualTo(token);
        assertThat(tokens.token("k3j9x0ac", "Ab3x9")).isNotEqualTo(token);
        // The separator keeps ids from sliding into each other.
        assertThat(tokens.token("k3j9x0a", "bAb3x9")).isNotEqualTo(token);
    }

    @Test
    void acceptsOnlyTheTrialsOwnToken() {
        String token = tokens.token("k3j9x0ab", "Ab3x9");

        assertThat(tokens.matches("k3j9x0ab", "Ab3x9", token)).isTrue();
        assertThat(tokens.matches("k3j9x0ab", "Ab3x8", token)).isFalse();
        assertThat(tokens.matches("k3j9x0ab", "Ab3x9", token.substring(1))).isFalse();
        assertThat(tokens.matches("k3j9x0ab", "Ab3x9", "%%%not base64")).isFalse();
        assertThat(tokens.matches("k3j9x0ab", "Ab3x9", "")).isFalse();
    }

    @Test
    void everyInstanceSharesTheOneStoredServerKey() throws Exception {
        String expected = tokens.token("k3j9x0ab", "Ab3x9");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<String>> made = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Fresh instances, as other server replicas would start: each races to create the key.
            TrialTokens replica = new TrialTokens();
            replica.dataSource = dataSource;
            made.add(pool.submit(() -> replica.token("k3j9x0ab", "Ab3x9")));
        }
        for (Future<String> f : made) {
            assertThat(f.get()).isEqualTo(expected);
        }
        pool.shutdown();

        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "select count(*), min(length(secret)) from server_keys" + " where name = 'trial-channel'")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(1);
            assertThat(r.getInt(2)).isEqualTo(32);
        }
    }
}
