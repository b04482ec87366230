package dev.sibyl.server.metric;

import static dev.sibyl.server.trial.ExperimentFixtures.api;
import static dev.sibyl.server.trial.ExperimentFixtures.experiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.sibyl.server.channel.TrialChannelAddresses;
import dev.sibyl.server.channel.TrialChannelClient;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.trial.ExperimentFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The metrics endpoint: paging, order, filters and validation of its parameters. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricResourceTest {
    @Inject
    TrialChannelAddresses addresses;

    @Inject
    DriverSupervisor supervisor;

    String experimentId;
    /** In sequence-id order. */
    List<String> trials;

    @BeforeEach
    void reportOnce() {
        if (experimentId != null) {
            return;
        }
        experimentId = ExperimentFixtures.create(
                ExperimentFixtures.sleeperConfig("metrics", "{x: {_type: uniform, _value: [0, 1]}}", "Random", 2, 2));
        trials = ExperimentFixtures.awaitStatus(experimentId, "RUNNING", 2, Duration.ofSeconds(60));
        // Sent out of order: the endpoint must sort them.
        TrialChannelClient second = new TrialChannelClient(addresses.channelUrl(experimentId, trials.get(1)));
        for (int s = 2; s >= 0; s--) {
            assertThat(second.metric(trials.get(1), 1L, "PERIODICAL", s, "0." + s)
                            .statusCode())
                    .isEqualTo(200);
        }
        TrialChannelClient first = new TrialChannelClient(addresses.channelUrl(experimentId, trials.get(0)));
        assertThat(first.metric(trials.get(0), 0L, "FINAL", 0, "{\"default\": 9.5, \"loss\": NaN}")
                        .statusCode())
                .isEqualTo(200);
        for (int s = 6; s >= 0; s--) {
            assertThat(first.metric(trials.get(0), 0L, "PERIODICAL", s, Integer.toString(s))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @AfterAll
    void stopExperiment() {
        if (experimentId != null) {
            supervisor.stop(experimentId);
        }
    }

    private JsonPath page(String query) {
        return api().get(experiment(experimentId) + "/metrics" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void ordersByTrialSequenceThenTypeThenSequenceAcrossPages() {
        List<String> seen = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            JsonPath page = page("?size=5&page=" + p);
            assertThat(page.getInt("total")).isEqualTo(11);
            assertThat(page.getInt("page")).isEqualTo(p);
            assertThat(page.getInt("size")).isEqualTo(5);
            List<String> trialIds = page.getList("items.trialId");
            List<String> types = page.getList("items.type");
            List<Integer> sequences = page.getList("items.sequence");
            for (int i = 0; i < trialIds.size(); i++) {
                seen.add(trialIds.get(i) + "/" + types.get(i) + "/" + sequences.get(i));
            }
        }
        String a = trials.get(0);
        String b = trials.get(1);
        assertThat(seen)
                .containsExactly(
                        a + "/FINAL/0",
                        a + "/PERIODICAL/0",
                        a + "/PERIODICAL/1",
                        a + "/PERIODICAL/2",
                        a + "/PERIODICAL/3",
                        a + "/PERIODICAL/4",
                        a + "/PERIODICAL/5",
                        a + "/PERIODICAL/6",
                        b + "/PERIODICAL/0",
                        b + "/PERIODICAL/1",
                        b + "/PERIODICAL/2");
        assertThat(page("?size=5&page=3").getList("items")).isEmpty();
    }

    @Test
    void answersDecodedValuesWithParameterIdAndTimestamp() {
        JsonPath first = page("?type=FINAL");

        assertThat(first.getInt("total")).isEqualTo(1);
        assertThat(first.getString("items[0].trialId")).isEqualTo(trials.get(0));
        assertThat(first.getInt("items[0].parameterId")).isZero();
        assertThat(first.getFloat("items[0].value.default")).isEqualTo(9.5f);
        assertThat(first.getString("items[0].value.loss"))
                .as("NaN travels as a string")
                .isEqualTo("NaN");
        assertThat(first.getString("items[0].timestamp")).endsWith("Z");
    }

    @Test
    void filtersByTypeAndTrial() {
        JsonPath periodicalOfSecond = page("?type=periodical&trialId=" + trials.get(1));

        assertThat(periodicalOfSecond.getInt("total")).isEqualTo(3);
        assertThat(periodicalOfSecond.getList("items.value", Float.class)).containsExactly(0.0f, 0.1f, 0.2f);
        assertThat(page("?trialId=Nope0").getInt("total")).isZero();
    }

    @Test
    void rejectsPagesItCannotServe() {
        api().get(experiment(experimentId) + "/metrics?size=1001")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("size"));
        api().get(experiment(experimentId) + "/metrics?size=0").then().statusCode(400);
        api().get(experiment(experimentId) + "/metrics?page=-1")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("page"));
        api().get(experiment(experimentId) + "/metrics?type=SOMETIMES")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("type"));
        api().get(experiment("nosuchex") + "/metrics").then().statusCode(404).body("code", equalTo("not-found"));
    }
}
