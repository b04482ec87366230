package dev.sibyl.server.export;

import static dev.sibyl.server.trial.ExperimentFixtures.api;
import static dev.sibyl.server.trial.ExperimentFixtures.experiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.server.channel.TrialChannelAddresses;
import dev.sibyl.server.channel.TrialChannelClient;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.trial.ExperimentFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** nnictl experiment export / import over REST. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TrialChannelAddresses addresses;

    @Inject
    DriverSupervisor supervisor;

    @Inject
    DataSource dataSource;

    String experimentId;
    List<String> trials;

    @BeforeEach
    void reportOnce() {
        if (experimentId != null) {
            return;
        }
        experimentId = ExperimentFixtures.create(ExperimentFixtures.sleeperConfig(
                "export",
                "{x: {_type: uniform, _value: [0, 1]}, act: {_type: choice, _value: [relu, tanh]}}",
                "Random",
                3,
                3));
        trials = ExperimentFixtures.awaitStatus(experimentId, "RUNNING", 3, Duration.ofSeconds(60));
        TrialChannelClient first = new TrialChannelClient(addresses.channelUrl(experimentId, trials.get(0)));
        assertThat(first.metric(trials.get(0), 0L, "PERIODICAL", 0, "0.25").statusCode())
                .isEqualTo(200);
        assertThat(first.metric(trials.get(0), 0L, "PERIODICAL", 1, "0.5").statusCode())
                .isEqualTo(200);
        assertThat(first.metric(trials.get(0), 0L, "FINAL", 0, "0.5").statusCode())
                .isEqualTo(200);
        TrialChannelClient second = new TrialChannelClient(addresses.channelUrl(experimentId, trials.get(1)));
        assertThat(second.metric(trials.get(1), 1L, "FINAL", 0, "{\"default\": 0.75, \"acc\": 0.9}")
                        .statusCode())
                .isEqualTo(200);
        // The third trial reports nothing final: nnictl leaves it out.
        TrialChannelClient third = new TrialChannelClient(addresses.channelUrl(experimentId, trials.get(2)));
        assertThat(third.metric(trials.get(2), 2L, "PERIODICAL", 0, "0.1").statusCode())
                .isEqualTo(200);
    }

    @AfterAll
    void stopExperiment() {
        if (experimentId != null) {
            supervisor.stop(experimentId);
        }
    }

    private JsonNode parametersOf(String trialId) throws Exception {
        return JSON.readTree(api().get(experiment(experimentId) + "/trials/" + trialId)
                        .asString())
                .get("parameters");
    }

    @Test
    void exportsJsonInNnictlsShapeForTrialsWithAFinalResult() throws Exception {
        JsonNode exported = JSON.readTree(api().get(experiment(experimentId) + "/export?format=json")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString());

        assertThat(exported).hasSize(2);
        assertThat(exported.get(0).get("trialJobId").asText()).isEqualTo(trials.get(0));
        assertThat(exported.get(0).get("parameter")).isEqualTo(parametersOf(trials.get(0)));
        assertThat(exported.get(0).get("value").asDouble()).isEqualTo(0.5);
        assertThat(exported.get(0).has("intermediate")).isFalse();
        assertThat(exported.get(1).get("value").toString()).isEqualTo("{\"default\":0.75,\"acc\":0.9}");
        assertThat(exported.get(0).fieldNames()).toIterable().containsExactly("parameter", "value", "trialJobId");
    }

    @Test
    void addsIntermediateResultsWhenAsked() throws Exception {
        JsonNode exported = JSON.readTree(api().get(experiment(experimentId) + "/export?format=json&intermediate=true")
                .then()
                .statusCode(200)
                .extract()
                .asString());

        assertThat(exported.get(0).get("intermediate").toString()).isEqualTo("[0.25,0.5]");
        assertThat(exported.get(1).get("intermediate").toString()).isEqualTo("[]");
    }

    @Test
    void exportsCsvWithParameterThenMetricThenTrialColumns() throws Exception {
        Response csv = api().get(experiment(experimentId) + "/export?format=csv&intermediate=true");

        csv.then().statusCode(200).contentType("text/csv");
        assertThat(csv.header("Content-Disposition")).contains(experimentId + ".csv");
        String[] lines = csv.asString().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("x,act,reward,default,acc,trialJobId,intermediate");
        JsonNode p0 = parametersOf(trials.get(0));
        assertThat(lines[1])
                .isEqualTo(p0.get("x").asText() + "," + p0.get("act").asText() + ",0.5,,," + trials.get(0)
                        + ",\"[0.25,0.5]\"");
        JsonNode p1 = parametersOf(trials.get(1));
        assertThat(lines[2])
                .isEqualTo(p1.get("x").asText() + "," + p1.get("act").asText() + ",,0.75,0.9," + trials.get(1) + ",[]");
    }

    @Test
    void rejectsAnUnknownFormat() {
        api().get(experiment(experimentId) + "/export?format=xml")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("format"));
    }

    @Test
    void importsResultsAsPriorHistoryOfTheTuner() throws Exception {
        List<Map<String, Object>> data = List.of(
                Map.of("parameter", Map.of("x", 0.1, "act", "relu"), "value", 0.3),
                Map.of("parameter", Map.of("x", 0.2, "act", "tanh"), "value", Map.of("default", 0.4, "acc", 1)),
                // NNI's own export carries the metric as JSON text; import takes that too.
                Map.of("parameter", Map.of("x", 0.3, "act", "tanh"), "value", "0.6"));

        api().contentType("application/json")
                .body(JSON.writeValueAsString(data))
                .post(experiment(experimentId) + "/import-data")
                .then()
                .statusCode(200)
                .body("imported", equalTo(3));

        List<Double> rewards = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select reward, parameter_id from imported_data where experiment_id = ? order by id")) {
            s.setString(1, experimentId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rewards.add(r.getDouble(1));
                    assertThat(r.getObject(2)).as("a parameter id is allocated").isNotNull();
                }
            }
        }
        assertThat(rewards).containsExactly(0.3, 0.4, 0.6);
    }

    @Test
    void refusesImportsThatDoNotFitTheSearchSpaceNamingEachField() throws Exception {
        String body = "[{\"parameter\": {\"x\": 5, \"act\": \"relu\"}, \"value\": 0.3},"
                + " {\"parameter\": {\"x\": 0.5, \"act\": \"gelu\"}, \"value\": {\"loss\": 1}}]";

        api().contentType("application/json")
                .body(body)
                .post(experiment(experimentId) + "/import-data")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-request"))
                .body("errors.field", hasItems("[0].parameter.x", "[1].parameter.act", "[1].value"));
        api().contentType("application/json")
                .body("{\"parameter\": {}}")
                .post(experiment(experimentId) + "/import-data")
                .then()
                .statusCode(400);
    }
}
