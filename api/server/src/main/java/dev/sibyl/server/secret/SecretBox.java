package dev.sibyl.server.secret;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals secrets (SSH passwords and passphrases, keys, cluster tokens) for storage: AES-256-GCM with a random nonce,
 * written as {@value #PREFIX}{@code <base64 of nonce and ciphertext>}. The key is {@code sibyl.secrets.key}
 * (base64, 32 bytes) when set — replicas must share it — or else {@code ${sibyl.home}/secrets.key}, created with
 * owner-only permissions on first use.
 */
@ApplicationScoped
public class SecretBox {
    public static final String PREFIX = "sealed:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private volatile SecretKey key;

    @ConfigProperty(name = "sibyl.secrets.key")
    Optional<String> configuredKey;

    @ConfigProperty(name = "sibyl.home")
    Path home;

    public static boolean isSealed(Object value) {
        return value instanceof String s && s.startsWith(PREFIX);
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a secret failed", e);
        }
    }

    /** @throws IllegalStateException when the text was not sealed with this server's key */
    public String open(String sealed) {
        if (!isSealed(sealed)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "a stored secret cannot be opened with this server's key (was sibyl.secrets.key changed?)");
        }
    }

    private SecretKey key() {
        SecretKey k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(loadKey(), "AES");
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] loadKey() {
        if (configuredKey.isPresent() && !configuredKey.get().isBlank()) {
            return checkedLength(Base64.getDecoder().decode(configuredKey.get().strip()), "sibyl.secrets.key");
        }
        Path file = home.resolve("secrets.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(home);
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                Path partial = Files.createTempFile(home, "secrets", ".partial");
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(partial, Base64.getEncoder().encodeToString(fresh));
                try {
                    Files.move(partial, file);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(partial); // another replica on the same home won: use its key
                }
            }
            return checkedLength(
                    Base64.getDecoder().decode(Files.readString(file).strip()), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key " + file, e);
        }
    }

    private static byte[] checkedLength(byte[] key, String source) {
        if (key.length != 32) {
            throw new IllegalStateException(source + " must hold 32 bytes (base64), got " + key.length);
        }
        return key;
    }
}
