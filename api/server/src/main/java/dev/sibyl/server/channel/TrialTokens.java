package dev.sibyl.server.channel;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Per-trial secrets of the HTTP trial channel: {@code HMAC-SHA256(server key, experimentId + "/" + trialId)},
 * url-safe base64 without padding. Nothing per trial is stored: a token is recomputed to check it.
 *
 * <p>The server key lives in table {@code server_keys} under {@value #KEY_NAME}. It is created at first use;
 * several server instances starting together may race, so each inserts its candidate with {@code on conflict
 * do nothing} and then everyone reads the row that won. The key is loaded at start so that checking a token
 * on an event-loop thread never waits for the database.
 */
@ApplicationScoped
public class TrialTokens {
    static final String KEY_NAME = "trial-channel";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    @Inject
    DataSource dataSource;

    private final SecureRandom random = new SecureRandom();
    private volatile SecretKeySpec key;

    void loadAtStart(@Observes StartupEvent event) {
        key();
    }

    /** Whether the server key is loaded, so that tokens can be made and checked without the database. */
    public boolean ready() {
        return key != null;
    }

    /** The token a trial receives in its channel URL. */
    public String token(String experimentId, String trialId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(experimentId, trialId));
    }

    /** Whether {@code token} is the token of this trial; compared in constant time. */
    public boolean matches(String experimentId, String trialId, String token) {
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(experimentId, trialId), given);
    }

    private byte[] mac(String experimentId, String trialId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key());
            return mac.doFinal((experimentId + "/" + trialId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec current = key;
        if (current == null) {
            synchronized (this) {
                current = key;
                if (current == null) {
                    current =
                            new SecretKeySpec(QuarkusTransaction.requiringNew().call(this::loadOrCreate), ALGORITHM);
                    key = current;
                }
            }
        }
        return current;
    }

    private byte[] loadOrCreate() throws SQLException {
        byte[] candidate = new byte[KEY_BYTES];
        random.nextBytes(candidate);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into server_keys (name, secret) values (?, ?) on conflict (name) do nothing")) {
                insert.setString(1, KEY_NAME);
                insert.setBytes(2, candidate);
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("select secret from server_keys where name = ?")) {
                select.setString(1, KEY_NAME);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("server key " + KEY_NAME + " vanished after it was stored");
                    }
                    return rs.getBytes(1);
                }
            }
        }
    }
}
