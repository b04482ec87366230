package dev.sibyl.trainers.remote;

import java.time.Duration;
import java.util.Objects;

/**
 * How the remote pool talks to its machines.
 *
 * @param remoteDirectory where experiments live on every machine; relative paths are under the login user's home
 * @param connectTimeout bound on opening the TCP connection and the SSH handshake
 * @param authTimeout bound on authentication, so refused or stalled credentials fail fast
 * @param commandTimeout bound on one remote command (status, launch, cancel) or SFTP transfer
 * @param cancelGracePeriod between SIGTERM and SIGKILL when a trial is cancelled
 * @param reconnectBackoff first wait before reconnecting to a machine that dropped; doubles up to {@code
 *     maxReconnectBackoff}
 * @param maxReconnectBackoff the longest wait between reconnection attempts
 * @param unhealthyAfter how long a machine may stay unreachable before it is marked unhealthy and its trials are
 *     reported failed
 */
public record RemotePoolSettings(
        String remoteDirectory,
        Duration connectTimeout,
        Duration authTimeout,
        Duration commandTimeout,
        Duration cancelGracePeriod,
        Duration reconnectBackoff,
        Duration maxReconnectBackoff,
        Duration unhealthyAfter) {
    public RemotePoolSettings {
        if (remoteDirectory == null || remoteDirectory.isBlank() || remoteDirectory.contains("\n")) {
            throw new IllegalArgumentException("remoteDirectory must be one non-blank line");
        }
        positive(connectTimeout, "connectTimeout");
        positive(authTimeout, "authTimeout");
        positive(commandTimeout, "commandTimeout");
        Objects.requireNonNull(cancelGracePeriod, "cancelGracePeriod");
        if (cancelGracePeriod.isNegative()) {
            throw new IllegalArgumentException("cancelGracePeriod must not be negative, got " + cancelGracePeriod);
        }
        positive(reconnectBackoff, "reconnectBackoff");
        positive(maxReconnectBackoff, "maxReconnectBackoff");
        positive(unhealthyAfter, "unhealthyAfter");
    }

    /** Experiments under {@code ~/sibyl-experiments}; 10 s to connect and authenticate; unhealthy after 2 min. */
    public static RemotePoolSettings defaults() {
        return new RemotePoolSettings(
                "sibyl-experiments",
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofMinutes(2));
    }

    public RemotePoolSettings withUnhealthyAfter(Duration after) {
        return new RemotePoolSettings(
                remoteDirectory,
                connectTimeout,
                authTimeout,
                commandTimeout,
                cancelGracePeriod,
                reconnectBackoff,
                maxReconnectBackoff,
                after);
    }

    private static void positive(Duration value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
