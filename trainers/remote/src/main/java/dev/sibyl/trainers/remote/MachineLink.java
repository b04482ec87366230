package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.core.TrainerException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * The pool's connection to one machine: an SSH session opened on demand, re-opened with exponential backoff after
 * it drops, and the machine's health as seen through it. Every remote operation goes through {@link #exec} or
 * {@link #sftp}; a failure marks the session broken so the next call reconnects (once the backoff allows).
 *
 * <p>Thread-safe: operations share one session (SSH multiplexes channels); connecting is serialised.
 */
final class MachineLink {
    private static final System.Logger LOG = System.getLogger(MachineLink.class.getName());

    /** A remote command's outcome. */
    record ExecResult(int exitCode, String stdout, String stderr) {}

    /** An SFTP operation. */
    interface SftpWork<T> {
        T run(SftpClient sftp) throws IOException;
    }

    private final RemoteMachine machine;
    private final SshClient client;
    private final RemotePoolSettings settings;
    private final InstantSource clock;

    private final Object connectLock = new Object();
    private volatile ClientSession session;
    private volatile SftpClient sftpClient;

    // Health, guarded by this.
    private Instant lastContact;
    private String lastError;
    private Instant unreachableSince;
    private Instant nextAttempt = Instant.MIN;
    private Duration backoff;
    private boolean authRefused;
    private List<Integer> gpusSeen = List.of();

    MachineLink(RemoteMachine machine, SshClient client, RemotePoolSettings settings, InstantSource clock) {
        this.machine = machine;
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.backoff = settings.reconnectBackoff();
    }

    RemoteMachine machine() {
        return machine;
    }

    String name() {
        return machine.name();
    }

    /** Runs {@code command} with {@code sh -c} semantics on the machine, feeding it {@code stdin} when not null. */
    ExecResult exec(String command, byte[] stdin) {
        ClientSession current = session();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = current.createExecChannel(command)) {
            channel.setIn(stdin == null ? InputStream.nullInputStream() : new ByteArrayInputStream(stdin));
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(settings.commandTimeout());
            Set<ClientChannelEvent> events =
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), settings.commandTimeout());
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new IOException("remote command did not finish within " + settings.commandTimeout());
            }
            Integer status = channel.getExitStatus();
            if (status == null) {
                throw new IOException("connection closed before the remote command reported its exit status");
            }
            contacted();
            return new ExecResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw broken(current, e);
        }
    }

    /** Runs {@code work} over this machine's SFTP channel. */
    <T> T sftp(SftpWork<T> work) {
        ClientSession current = session();
        try {
            SftpClient sftp = sftpClient;
            if (sftp == null || !sftp.isOpen()) {
                synchronized (connectLock) {
                    sftp = sftpClient;
                    if (sftp == null || !sftp.isOpen()) {
                        sftp = SftpClientFactory.instance().createSftpClient(current);
                        sftpClient = sftp;
                    }
                }
            }
            T result;
            try {
                result = work.run(sftp);
            } catch (UncheckedIOException e) {
                throw e.getCause(); // directory listings report failures this way
            }
            contacted();
            return result;
        } catch (IOException e) {
            if (current.isOpen() && !(e instanceof InterruptedIOException) && isRemoteAnswer(e)) {
                contacted();
                throw new TrainerException(
                        TrainerException.Kind.RETRIABLE, "SFTP on " + name() + " failed: " + e.getMessage(), e);
            }
            throw broken(current, e);
        }
    }

    synchronized MachineHealth health() {
        boolean reachable = unreachableSince == null && lastContact != null;
        return new MachineHealth(name(), reachable, healthy(), gpusSeen, lastError, lastContact);
    }

    /** False once the machine refused the credentials or stayed unreachable longer than allowed. */
    synchronized boolean healthy() {
        if (authRefused) {
            return false;
        }
        return unreachableSince == null
                || Duration.between(unreachableSince, clock.instant()).compareTo(settings.unhealthyAfter()) < 0;
    }

    /**
     * Tries to connect now, whatever the backoff says; true when the machine answers. For a trial placed on a
     * machine this link gave up on while the pool's own probe finds it back: the backoff may be far off.
     */
    boolean reconnectNow() {
        synchronized (this) {
            nextAttempt = Instant.MIN;
        }
        try {
            session();
            return true;
        } catch (TrainerException e) {
            return false;
        }
    }

    /** Whether the machine refused the credentials the last time it was asked. */
    synchronized boolean authRefused() {
        return authRefused;
    }

    synchronized String lastError() {
        return lastError;
    }

    synchronized void gpusSeen(List<Integer> indices) {
        gpusSeen = List.copyOf(indices);
    }

    void close() {
        ClientSession current = session;
        session = null;
        sftpClient = null;
        if (current != null) {
            current.close(true);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private ClientSession session() {
        ClientSession current = session;
        if (current != null && current.isOpen() && current.isAuthenticated()) {
            return current;
        }
        synchronized (connectLock) {
            current = session;
            if (current != null && current.isOpen() && current.isAuthenticated()) {
                return current;
            }
            String waitReason = waitingForBackoff();
            if (waitReason != null) {
                throw new TrainerException(kindOfLastFailure(), waitReason);
            }
            try {
                current = connect();
                session = current;
                sftpClient = null;
                connected();
                return current;
            } catch (TrainerException e) {
                failed(e.getMessage(), e.kind() == TrainerException.Kind.AUTH);
                throw e;
            }
        }
    }

    private ClientSession connect() {
        ClientSession opened = null;
        try {
            opened = client.connect(machine.user(), machine.host(), machine.port())
                    .verify(settings.connectTimeout())
                    .getSession();
            addIdentity(opened);
            opened.auth().verify(settings.authTimeout());
            return opened;
        } catch (SshException e) {
            closeQuietly(opened);
            if (e.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
                throw new TrainerException(
                        TrainerException.Kind.AUTH,
                        "machine " + name() + " refused the credentials of user " + machine.user(),
                        null);
            }
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE, "cannot connect to " + name() + ": " + describe(e), null);
        } catch (IOException e) {
            closeQuietly(opened);
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE, "cannot connect to " + name() + ": " + describe(e), null);
        } catch (RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
    }

    private void addIdentity(ClientSession opened) {
        SshCredentials credentials = machine.credentials();
        if (credentials instanceof SshCredentials.Password password) {
            opened.addPasswordIdentity(password.password());
            return;
        }
        String passphrase;
        byte[] keyBytes;
        String source;
        try {
            if (credentials instanceof SshCredentials.KeyFile file) {
                keyBytes = Files.readAllBytes(file.file());
                passphrase = file.passphrase();
                source = file.file().toString();
            } else {
                SshCredentials.KeyText text = (SshCredentials.KeyText) credentials;
                keyBytes = text.privateKey().getBytes(StandardCharsets.UTF_8);
                passphrase = text.passphrase();
                source = "the private key of " + name();
            }
        } catch (IOException e) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED, "cannot read sshKeyFile of " + name() + ": " + describe(e), null);
        }
        try {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(
                    opened,
                    NamedResource.ofName(source),
                    new ByteArrayInputStream(keyBytes),
                    passphrase == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase));
            int count = 0;
            if (keys != null) {
                for (KeyPair key : keys) {
                    opened.addPublicKeyIdentity(key);
                    count++;
                }
            }
            if (count == 0) {
                throw new TrainerException(
                        TrainerException.Kind.REJECTED, source + " holds no private key Sibyl can read", null);
            }
        } catch (IOException | GeneralSecurityException e) {
            // Neither the exception nor its cause is kept: key parsers may quote the key material.
            throw new TrainerException(
                    TrainerException.Kind.AUTH,
                    "cannot decode " + source + " (wrong sshPassphrase, or an unsupported key format)",
                    null);
        }
    }

    private String waitingForBackoff() {
        synchronized (this) {
            if (clock.instant().isBefore(nextAttempt)) {
                return lastError + " (next attempt at " + nextAttempt + ")";
            }
            return null;
        }
    }

    private synchronized TrainerException.Kind kindOfLastFailure() {
        return authRefused ? TrainerException.Kind.AUTH : TrainerException.Kind.RETRIABLE;
    }

    private TrainerException broken(ClientSession current, IOException cause) {
        synchronized (connectLock) {
            if (session == current) {
                session = null;
                sftpClient = null;
            }
        }
        closeQuietly(current);
        String reason = "lost the connection to " + name() + ": " + describe(cause);
        failed(reason, false);
        return new TrainerException(TrainerException.Kind.RETRIABLE, reason, cause);
    }

    private synchronized void connected() {
        if (unreachableSince != null) {
            LOG.log(System.Logger.Level.INFO, "machine {0} is reachable again", name());
        }
        unreachableSince = null;
        authRefused = false;
        lastError = null;
        backoff = settings.reconnectBackoff();
        nextAttempt = Instant.MIN;
        lastContact = clock.instant();
    }

    private synchronized void contacted() {
        lastContact = clock.instant();
        unreachableSince = null;
    }

    private synchronized void failed(String reason, boolean auth) {
        Instant now = clock.instant();
        if (unreachableSince == null) {
            unreachableSince = now;
            LOG.log(System.Logger.Level.WARNING, "machine {0}: {1}", name(), reason);
        }
        lastError = reason;
        authRefused = auth;
        nextAttempt = now.plus(backoff);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.maxReconnectBackoff()) > 0 ? settings.maxReconnectBackoff() : doubled;
    }

    /** An SFTP status reply (no such file, permission denied) proves the connection works. */
    private static boolean isRemoteAnswer(IOException e) {
        return e instanceof org.apache.sshd.sftp.common.SftpException;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(ClientSession opened) {
        if (opened != null) {
            opened.close(true);
        }
    }
}
