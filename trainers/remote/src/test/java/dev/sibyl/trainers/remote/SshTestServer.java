package dev.sibyl.trainers.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server for tests: Apache SSHD on a loopback port, running each exec request as a real {@code /bin/sh -c}
 * process of the current user (in its own home, with {@code extraPath} first on its PATH), SFTP on the
 * real file system, password and public-key authentication. It can be stopped and started again on the same port
 * with the same host key, as a machine that drops off the network and comes back.
 */
public final class SshTestServer implements AutoCloseable {
    public static final String USER = "trainer";
    public static final String PASSWORD = "correct-horse-battery-staple";

    private final Path hostKey;
    private final PublicKey authorizedKey;
    private final Path home;
    private final String extraPath;
    private SshServer server;
    private int port;

    /**
     * @param directory the machine: its host key and its user's home ({@code directory/home}) live there
     * @param extraPath a directory put first on the PATH of every command, or null
     */
    public SshTestServer(Path directory, PublicKey authorizedKey, String extraPath) throws IOException {
        this.hostKey = directory.resolve("host-key.ser");
        this.home = Files.createDirectories(directory.resolve("home"));
        this.authorizedKey = authorizedKey;
        this.extraPath = extraPath;
        start(0);
    }

    public Path home() {
        return home;
    }

    public int port() {
        return port;
    }

    /** Drops every connection and stops listening. */
    public void stop() throws IOException {
        server.stop(true);
    }

    /** Listens again on the same port. */
    public void restart() throws IOException {
        start(port);
    }

    @Override
    public void close() throws IOException {
        if (server != null && server.isStarted()) {
            server.stop(true);
        }
    }

    private void start(int requestedPort) throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(requestedPort);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        sshd.setPublickeyAuthenticator(
                (user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(key, authorizedKey));
        // What a login would set up on a real machine: its own home as working directory, its PATH.
        String login = "export HOME=" + RemoteScripts.quote(home.toString()) + "; cd \"$HOME\"; "
                + (extraPath == null ? "" : "PATH=" + RemoteScripts.quote(extraPath) + ":\"$PATH\"; ");
        // ProcessShellFactory runs its command string with /bin/sh -c, as a login shell would.
        sshd.setCommandFactory((channel, command) -> new ProcessShellFactory(
                        login + command, List.of("/bin/sh", "-c", login + command))
                .createShell(channel));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.start();
        this.server = sshd;
        this.port = sshd.getPort();
    }
}
