package dev.sibyl.trainers.remote;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How Sibyl logs in to a machine: a password, or a private key (a file on the server's machine or the key text
 * itself) with an optional passphrase. Every variant's {@code toString()} hides the secret, so a credential can end
 * up in a log line or an exception message without leaking.
 */
public sealed interface SshCredentials {
    String REDACTED = "****";

    /** Password authentication (NNI's {@code password}). */
    record Password(String password) implements SshCredentials {
        public Password {
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Password[" + REDACTED + "]";
        }
    }

    /**
     * A private key in a file readable by the server (NNI's {@code sshKeyFile}), OpenSSH or PEM format.
     *
     * @param passphrase decrypts the key ({@code sshPassphrase}); null for an unencrypted key
     */
    record KeyFile(Path file, String passphrase) implements SshCredentials {
        public KeyFile {
            Objects.requireNonNull(file, "sshKeyFile");
        }

        @Override
        public String toString() {
            return "KeyFile[file=" + file + ", passphrase=" + hidden(passphrase) + "]";
        }
    }

    /**
     * A private key given as text (the form a secret store hands out), OpenSSH or PEM format.
     *
     * @param passphrase decrypts the key; null for an unencrypted key
     */
    record KeyText(String privateKey, String passphrase) implements SshCredentials {
        public KeyText {
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            return "KeyText[" + REDACTED + ", passphrase=" + hidden(passphrase) + "]";
        }
    }

    private static String hidden(String passphrase) {
        return passphrase == null ? "none" : REDACTED;
    }
}
