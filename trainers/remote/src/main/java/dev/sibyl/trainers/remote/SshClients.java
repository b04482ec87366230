package dev.sibyl.trainers.remote;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/** Builds the pool's SSH client: only the credentials of the machine list, nothing from {@code ~/.ssh}. */
final class SshClients {
    private SshClients() {}

    static SshClient start() {
        SshClient client = ClientBuilder.builder().build();
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
        client.setServerKeyVerifier(new FirstSeenHostKeys());
        // A machine that vanishes without closing the TCP connection would leave SFTP requests waiting for the
        // idle timeout (10 min); keepalives with replies close such a session after about 50 s instead.
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(15));
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, Duration.ofSeconds(5));
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        client.start();
        return client;
    }

    /**
     * Trusts a machine's host key on first contact and refuses a different key later (a reconnect that lands on
     * another host). NNI checks no host key at all; a pool-level known-hosts list can replace this later.
     */
    static final class FirstSeenHostKeys implements ServerKeyVerifier {
        private final Map<String, PublicKey> seen = new ConcurrentHashMap<>();

        @Override
        public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
            PublicKey first = seen.putIfAbsent(String.valueOf(remoteAddress), serverKey);
            return first == null || KeyUtils.compareKeys(first, serverKey);
        }
    }
}
