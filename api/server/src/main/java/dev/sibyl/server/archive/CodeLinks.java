package dev.sibyl.server.archive;

import dev.sibyl.server.channel.TrialChannelAddresses;
import dev.sibyl.server.channel.TrialTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Short-lived signed links to an experiment's code as a {@code .tar.gz}, for trials that fetch their code
 * themselves (a Kubernetes pod's init container). The signature is the server's trial-channel HMAC over the
 * experiment and the expiry, so nothing is stored per link and any replica can check it.
 */
@ApplicationScoped
public class CodeLinks {
    static final String PATH = "/api/v1/trial-code/";

    @Inject
    TrialTokens tokens;

    @Inject
    TrialChannelAddresses addresses;

    @Inject
    InstantSource clock;

    /** A link to the experiment's code that works for {@code validFor} from now. */
    public URI signedUrl(String experimentId, Duration validFor) {
        long expires = clock.instant().plus(validFor).getEpochSecond();
        return URI.create(addresses.serverUrl() + PATH + experimentId + "?expires=" + expires + "&signature="
                + URLEncoder.encode(signature(experimentId, expires), StandardCharsets.UTF_8));
    }

    /** Whether a link's expiry and signature are this server's and the link has not expired. */
    boolean valid(String experimentId, long expires, String signature) {
        if (signature == null || Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
            return false;
        }
        return tokens.matches(experimentId, scope(expires), signature);
    }

    private String signature(String experimentId, long expires) {
        return tokens.token(experimentId, scope(expires));
    }

    /** Trial ids are five characters of [A-Za-z0-9], so this never signs what a trial token signs. */
    private static String scope(long expires) {
        return "code@" + expires;
    }
}
