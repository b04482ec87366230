package dev.sibyl.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The shape of Sibyl API tokens: {@code sbl_}, an 8-character id part, {@code _} and a 43-character URL-safe
 * secret (258 bits). Only the SHA-256 hash of a token is stored, plus its first characters ({@link #prefix}),
 * which carry the id part: lookups go by prefix and the hashes are then compared in constant time.
 */
public final class TokenSecrets {
    public static final String PREFIX = "sbl_";
    /** Characters of the id part of a generated token. */
    public static final int ID_LENGTH = 8;
    /** Characters of a generated secret: 43 URL-safe characters carry 258 bits. */
    public static final int SECRET_LENGTH = 43;
    /** Shortest secret accepted from an operator (a configured bootstrap token). */
    public static final int MIN_SECRET_LENGTH = 20;

    private static final int MAX_TOKEN_LENGTH = 200;
    private static final int SHOWN_PREFIX_LENGTH = PREFIX.length() + ID_LENGTH;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private TokenSecrets() {}

    /** A new token; {@code random} must be a cryptographically strong generator outside tests. */
    public static String generate(RandomGenerator random) {
        StringBuilder token = new StringBuilder(PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH).append(PREFIX);
        for (int i = 0; i < ID_LENGTH; i++) {
            token.append(ALPHABET[random.nextInt(ALPHABET.length - 2)]); // no '-' or '_' in the id part
        }
        token.append('_');
        for (int i = 0; i < SECRET_LENGTH; i++) {
            token.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return token.toString();
    }

    /** True when {@code token} looks like a Sibyl token: the prefix, then at least 20 URL-safe characters. */
    public static boolean isWellFormed(String token) {
        if (token == null
                || !token.startsWith(PREFIX)
                || token.length() < PREFIX.length() + MIN_SECRET_LENGTH
                || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            char c = token.charAt(i);
            boolean urlSafe =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!urlSafe) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case hex SHA-256 of the whole token, as stored in {@code api_tokens.token_hash}. */
    public static String hash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares two hex hashes in time independent of where they differ. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** The first characters of a token (its id part), safe to show and store. */
    public static String prefix(String token) {
        return token.substring(0, Math.min(SHOWN_PREFIX_LENGTH, token.length()));
    }
}
