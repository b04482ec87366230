package dev.sibyl.tuner.sandbox.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.tuner.sandbox.host.HostLimits;
import dev.sibyl.tuner.sandbox.host.PluginHost;
import dev.sibyl.tuner.sandbox.verify.JarLimits;
import dev.sibyl.tuner.sandbox.verify.JarVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplePluginTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSampleProjectPassesTheVerifierAndImprovesThroughAHost() throws Exception {
        assertThat(new JarVerifier(JarLimits.DEFAULT).verify(SamplePlugin.jar()).findings())
                .isEmpty();

        try (PluginHost host = PluginHost.start(
                "sample", SamplePlugin.jar(), System.getProperty("java.class.path"), HostLimits.DEFAULT)) {
            assertThat(host.call(
                            "{\"cmd\":\"init\",\"tuner\":\"SampleLocalSearch\",\"seed\":5,"
                                    + "\"classArgs\":{\"optimize_mode\":\"minimize\",\"warmup\":5},"
                                    + "\"searchSpace\":{\"x\":{\"_type\":\"uniform\",\"_value\":[-5,5]},"
                                    + "\"y\":{\"_type\":\"uniform\",\"_value\":[-5,5]}}}",
                            1))
                    .containsExactly("{\"ok\":true}");
            double firstTen = Double.MAX_VALUE;
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 60; i++) {
                var proposal =
                        JSON.readTree(host.call("{\"cmd\":\"ask\",\"n\":1}", 1).get(0));
                double x = proposal.path("params").path("x").asDouble();
                double y = proposal.path("params").path("y").asDouble();
                double loss = x * x + y * y;
                best = Math.min(best, loss);
                if (i == 9) {
                    firstTen = best;
                }
                List<String> told =
                        host.call("{\"cmd\":\"tell\",\"id\":" + proposal.path("id") + ",\"value\":" + loss + "}", 1);
                assertThat(told).containsExactly("{\"ok\":true}");
            }
            // Local search around the incumbent does better than its random warm-up.
            assertThat(best).isLessThan(firstTen);
        }
    }
}
