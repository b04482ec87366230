package dev.sibyl.server.channel;

import static dev.sibyl.server.trial.ExperimentFixtures.api;
import static dev.sibyl.server.trial.ExperimentFixtures.experiment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.trial.ExperimentFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The HTTP trial channel with the real protocol, against trials the driver really started (their command
 * only sleeps: the test speaks for them, byte for byte as NNI's trial SDK does).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrialChannelTest {
    @Inject
    TrialChannelAddresses addresses;

    @Inject
    TrialTokens tokens;

    String experimentId;
    String trialA;
    String trialB;

    @Inject
    DriverSupervisor supervisor;

    @BeforeEach
    void startExperimentOnce() {
        if (experimentId != null) {
            return;
        }
        experimentId = ExperimentFixtures.create(
                ExperimentFixtures.sleeperConfig("channel", "{x: {_type: uniform, _value: [0, 1]}}", "Random", 2, 2));
        List<String> running = ExperimentFixtures.awaitStatus(experimentId, "RUNNING", 2, Duration.ofSeconds(60));
        trialA = running.get(0);
        trialB = running.get(1);
    }

    @AfterAll
    void stopExperiment() {
        if (experimentId != null) {
            supervisor.stop(experimentId);
        }
    }

    private TrialChannelClient channel(String trialId) {
        return new TrialChannelClient(addresses.channelUrl(experimentId, trialId));
    }

    private JsonNode trial(String trialId) throws Exception {
        return TrialChannelClient.JSON.readTree(api().get(experiment(experimentId) + "/trials/" + trialId)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    @Order(1)
    void addressesTrialsAtTheServersRealPortWithTheirOwnToken() {
        Map<String, String> env = addresses.forTrial(experimentId, trialA);

        assertThat(env)
                .containsEntry("SIBYL_SERVER_URL", "http://127.0.0.1:" + RestAssured.port)
                .containsEntry("SIBYL_EXPERIMENT_ID", experimentId)
                .containsEntry("SIBYL_TRIAL_ID", trialA);
        assertThat(env.get("NNI_TRIAL_COMMAND_CHANNEL"))
                .isEqualTo("http://127.0.0.1:" + RestAssured.port + "/api/v1/trial-channel/" + experimentId + "/"
                        + trialA + "/" + tokens.token(experimentId, trialA));
        assertThat(tokens.token(experimentId, trialA))
                .isNotEqualTo(tokens.token(experimentId, trialB))
                .matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    @Order(2)
    void answersARequestForParametersWithTheTrialsParameterRecord() throws Exception {
        TrialChannelClient channel = channel(trialA);

        assertThat(channel.requestParameter().statusCode()).isEqualTo(200);
        HttpResponse<String> answer = channel.poll();

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode command = TrialChannelClient.JSON.readTree(answer.body());
        assertThat(command.get("type").asText()).isEqualTo("parameter");
        assertThat(command.get("parameter").isTextual())
                .as("the record travels as JSON text")
                .isTrue();
        JsonNode record =
                TrialChannelClient.JSON.readTree(command.get("parameter").asText());
        JsonNode trial = trial(trialA);
        assertThat(record.get("parameter_id").asLong())
                .isEqualTo(trial.get("parameterId").asLong());
        assertThat(record.get("parameter_source").asText()).isEqualTo("algorithm");
        assertThat(record.get("parameters")).isEqualTo(trial.get("parameters"));
    }

    @Test
    @Order(3)
    void answers408AfterAboutASecondWhenNothingIsQueued() {
        long start = System.nanoTime();

        HttpResponse<String> answer = channel(trialA).poll(); // its parameter was delivered by the last test

        assertThat(answer.statusCode()).isEqualTo(408);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    @Order(3)
    void firstPollGetsTheParameterEvenIfTheRequestReachedAServerThatDied() throws Exception {
        // A restarted server has empty mailboxes: a trial whose request_parameter went to the dead process and
        // which now polls must still get its parameter, or it would wait forever.
        TrialChannelClient channel = channel(trialB);

        HttpResponse<String> first = channel.poll();
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(TrialChannelClient.JSON.readTree(first.body()).get("type").asText())
                .isEqualTo("parameter");
        assertThat(channel.poll().statusCode()).as("delivered once").isEqualTo(408);

        assertThat(channel.requestParameter().statusCode()).isEqualTo(200);
        assertThat(channel.poll().statusCode())
                .as("a repeated request is answered again")
                .isEqualTo(200);
    }

    @Test
    @Order(4)
    void storesMetricsSentWithNnisTripleEncodingBeforeAnswering() throws Exception {
        TrialChannelClient channel = channel(trialA);

        assertThat(channel.metric(trialA, 0L, "PERIODICAL", 0, "0.25").statusCode())
                .isEqualTo(200);
        assertThat(channel.metric(trialA, 0L, "PERIODICAL", 1, "{\"default\": 0.5, \"loss\": 1.5}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(channel.metric(trialA, 0L, "FINAL", 0, "0.75").statusCode()).isEqualTo(200);

        // Answered 200 means stored: read at once, no waiting.
        JsonPath metrics = api().get(experiment(experimentId) + "/metrics?trialId=" + trialA)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(metrics.getInt("total")).isEqualTo(3);
        assertThat(metrics.getList("items.type")).containsExactly("FINAL", "PERIODICAL", "PERIODICAL");
        assertThat(metrics.getFloat("items[0].value")).isEqualTo(0.75f);
        assertThat(metrics.getFloat("items[1].value")).isEqualTo(0.25f);
        assertThat(metrics.getMap("items[2].value"))
                .containsEntry("default", 0.5f)
                .containsEntry("loss", 1.5f);
        JsonNode trial = trial(trialA);
        assertThat(trial.get("finalMetric").asDouble()).isEqualTo(0.75);
        assertThat(trial.get("intermediateCount").asInt()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void storesARedeliveredRecordOnce() {
        TrialChannelClient channel = channel(trialB);

        assertThat(channel.metric(trialB, 1L, "PERIODICAL", 0, "1.0").statusCode())
                .isEqualTo(200);
        assertThat(channel.metric(trialB, 1L, "PERIODICAL", 0, "1.0").statusCode())
                .isEqualTo(200);
        assertThat(channel.metrics(List.of(TrialChannelClient.record(trialB, 1L, "PERIODICAL", 0, "1.0")))
                        .statusCode())
                .isEqualTo(200);

        assertThat(api().get(experiment(experimentId) + "/metrics?trialId=" + trialB)
                        .then()
                        .statusCode(200)
                        .extract()
                        .<Integer>path("total"))
                .isEqualTo(1);
    }

    @Test
    @Order(6)
    void acceptsSeveralRecordsInOnePostOfTheSibylExtension() throws Exception {
        List<String> records = List.of(
                TrialChannelClient.record(trialB, 1L, "PERIODICAL", 1, "2.0"),
                TrialChannelClient.record(trialB, 1L, "PERIODICAL", 2, "NaN"),
                TrialChannelClient.record(trialB, 1L, "FINAL", 0, "3.0"));

        assertThat(channel(trialB).metrics(records).statusCode()).isEqualTo(200);

        JsonPath metrics = api().get(experiment(experimentId) + "/metrics?trialId=" + trialB + "&type=PERIODICAL")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(metrics.getList("items.sequence")).containsExactly(0, 1, 2);
        assertThat(metrics.getString("items[2].value")).isEqualTo("NaN");
        assertThat(trial(trialB).get("finalMetric").asDouble()).isEqualTo(3.0);
    }

    @Test
    @Order(7)
    void answers404ForAWrongTokenOrATrialThatDoesNotExist() {
        String url = addresses.channelUrl(experimentId, trialA);
        String otherTrialsToken = tokens.token(experimentId, trialB);
        // Each stranger reports for the trial its URL names: only the URL itself is wrong.
        Map<TrialChannelClient, String> strangers = Map.of(
                new TrialChannelClient(url.substring(0, url.lastIndexOf('/') + 1) + otherTrialsToken), trialA,
                new TrialChannelClient(url.substring(0, url.lastIndexOf('/') + 1) + "not-a-token"), trialA,
                new TrialChannelClient(addresses.channelUrl(experimentId, "Zz999")), "Zz999",
                new TrialChannelClient(addresses.channelUrl("nosuchex", trialA)), trialA);

        for (Map.Entry<TrialChannelClient, String> entry : strangers.entrySet()) {
            TrialChannelClient stranger = entry.getKey();
            HttpResponse<String> put = stranger.metric(entry.getValue(), 0L, "PERIODICAL", 9, "1");
            assertThat(put.statusCode()).as(stranger.url).isEqualTo(404);
            assertThat(put.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(put.body()).contains("\"code\":\"not-found\"");
            assertThat(stranger.requestParameter().statusCode()).isEqualTo(404);
            assertThat(stranger.poll().statusCode()).isEqualTo(404);
        }
        assertThat(api().get(experiment(experimentId) + "/metrics?trialId=" + trialA + "&type=PERIODICAL")
                        .then()
                        .extract()
                        .<List<Integer>>path("items.sequence"))
                .doesNotContain(9);
    }

    @Test
    @Order(8)
    void answers400ForARecordOfAnotherTrialOrAMalformedCommand() {
        TrialChannelClient channel = channel(trialA);

        HttpResponse<String> foreign = channel.metric(trialB, 1L, "PERIODICAL", 7, "1.0");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("metric.trial_job_id");
        assertThat(channel.put("{\"type\": \"metric\", \"metric\": \"{not json\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(channel.put("{\"type\": \"teleport\"}").statusCode()).isEqualTo(400);
        assertThat(channel.put("not json at all").statusCode()).isEqualTo(400);
        HttpResponse<String> mixed = channel.metrics(List.of(
                TrialChannelClient.record(trialA, 0L, "PERIODICAL", 8, "1"),
                TrialChannelClient.record(trialB, 1L, "PERIODICAL", 8, "1")));
        assertThat(mixed.statusCode())
                .as("one foreign record refuses the whole request")
                .isEqualTo(400);
        assertThat(mixed.body()).contains("\"field\":\"[1].trial_job_id\"");

        assertThat(api().get(experiment(experimentId) + "/metrics?type=PERIODICAL&size=1000")
                        .then()
                        .extract()
                        .<List<Integer>>path("items.sequence"))
                .doesNotContain(7, 8);
    }

    @Test
    @Order(9)
    void closesTheChannelOnceTheExperimentHasEnded() {
        ExperimentFixtures.stop(experimentId);
        TrialChannelClient channel = channel(trialB);

        HttpResponse<String> late = channel.metric(trialB, 1L, "PERIODICAL", 3, "4.0");
        assertThat(late.statusCode()).isEqualTo(410);
        assertThat(late.body()).contains("\"code\":\"gone\"");
        assertThat(channel.requestParameter().statusCode()).isEqualTo(410);
        assertThat(channel.poll().statusCode()).isEqualTo(410);
    }
}
