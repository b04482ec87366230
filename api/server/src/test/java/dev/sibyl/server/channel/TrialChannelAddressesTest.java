package dev.sibyl.server.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.vertx.http.HttpServer;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Drivers resumed at startup (crash recovery) ask for trial addresses before the HTTP server has bound its
 * port; trials handed {@code http://127.0.0.1:-1/...} would retry forever.
 */
class TrialChannelAddressesTest {
    private static HttpServer serverBindingAfter(int unboundAnswers, int port) {
        AtomicInteger calls = new AtomicInteger();
        return new HttpServer() {
            @Override
            public int getPort() {
                return calls.incrementAndGet() <= unboundAnswers ? -1 : port;
            }

            @Override
            public int getSecurePort() {
                return -1;
            }

            @Override
            public int getManagementPort() {
                return -1;
            }

            @Override
            public URI getLocalBaseUri() {
                return URI.create("http://127.0.0.1:" + port);
            }
        };
    }

    @Test
    void waitsForTheBoundPortInsteadOfHandingTrialsPortMinusOne() {
        TrialChannelAddresses addresses = new TrialChannelAddresses();
        addresses.baseUrl = Optional.empty();
        addresses.httpServer = serverBindingAfter(5, 43123);

        assertThat(addresses.serverUrl()).isEqualTo("http://127.0.0.1:43123");
    }

    @Test
    void aConfiguredBaseUrlWinsAndLosesItsTrailingSlash() {
        TrialChannelAddresses addresses = new TrialChannelAddresses();
        addresses.baseUrl = Optional.of("http://sibyl.example:8080/");
        addresses.httpServer = serverBindingAfter(Integer.MAX_VALUE, 0);

        assertThat(addresses.serverUrl()).isEqualTo("http://sibyl.example:8080");
    }
}
