package dev.sibyl.server.channel;

import dev.sibyl.scheduler.experiment.TrialEnvironment;
import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The environment that connects a trial to this server: the NNI 3.0 HTTP trial channel URL carrying the
 * trial's token ({@code NNI_TRIAL_COMMAND_CHANNEL}, read by the real {@code nni} package and by Sibyl's SDK),
 * and the {@code SIBYL_*} variables. Trials on this machine reach the server over loopback on the port it
 * actually bound (also when started on port 0); trials elsewhere need {@code sibyl.channel.base-url}.
 */
@ApplicationScoped
public class TrialChannelAddresses implements TrialEnvironment {
    /** Path of the channel below the server URL; the trial's own channel adds {@code /{expId}/{trialId}/{token}}. */
    public static final String PATH = "/api/v1/trial-channel";

    private static final java.time.Duration PORT_WAIT = java.time.Duration.ofSeconds(60);

    @Inject
    TrialTokens tokens;

    @Inject
    HttpServer httpServer;

    @ConfigProperty(name = "sibyl.channel.base-url")
    Optional<String> baseUrl;

    @Override
    public Map<String, String> forTrial(String experimentId, String trialId) {
        String server = serverUrl();
        return Map.of(
                "NNI_TRIAL_COMMAND_CHANNEL", channelUrl(server, experimentId, trialId),
                "SIBYL_SERVER_URL", server,
                "SIBYL_EXPERIMENT_ID", experimentId,
                "SIBYL_TRIAL_ID", trialId);
    }

    /** The URL trials use to reach this server, without a trailing slash. */
    public String serverUrl() {
        return baseUrl.filter(url -> !url.isBlank())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                .orElseGet(() -> "http://127.0.0.1:" + boundPort());
    }

    /**
     * The port the HTTP server listens on. Drivers resumed at startup (crash recovery) may ask before the
     * server has bound it; their threads wait for it rather than hand trials an unusable URL.
     */
    private int boundPort() {
        long deadline = System.nanoTime() + PORT_WAIT.toNanos();
        int port = httpServer.getPort();
        while (port <= 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            port = httpServer.getPort();
        }
        if (port <= 0) {
            throw new IllegalStateException("the HTTP server has not bound its port yet");
        }
        return port;
    }

    /** The trial's channel URL. */
    public String channelUrl(String experimentId, String trialId) {
        return channelUrl(serverUrl(), experimentId, trialId);
    }

    private String channelUrl(String server, String experimentId, String trialId) {
        return server + PATH + "/" + experimentId + "/" + trialId + "/" + tokens.token(experimentId, trialId);
    }
}
