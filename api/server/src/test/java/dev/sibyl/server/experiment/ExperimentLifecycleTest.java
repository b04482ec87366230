package dev.sibyl.server.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.Eventually;
import dev.sibyl.server.testing.TestArchives;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Creating experiments from real NNI inputs, and changing, stopping and resuming them over REST. */
@QuarkusTest
class ExperimentLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A config whose trials sleep, so they are still running when the test acts. */
    private static final String SLOW = """
            experimentName: slow
            searchSpace:
              x: {_type: uniform, _value: [0, 1]}
            trialCommand: sleep 60
            trialConcurrency: 2
            maxTrialNumber: 6
            tuner:
              name: Random
            trainingService:
              platform: local
            """;

    @Test
    void createsTheQuadraticExampleFromItsConfigAndArchiveAndRunsItsTrials() {
        String config = Api.quadraticConfig(Map.of("maxTrialNumber", "4", "trialConcurrency", "2"));
        ExtractableResponse<Response> created = Api.submit(config, Api.quadraticCode())
                .statusCode(201)
                .contentType("application/json")
                .body("id", matchesPattern("[a-z0-9]{8}"))
                .body("name", equalTo("quadratic"))
                .body("status", equalTo("RUNNING"))
                .body("trialConcurrency", equalTo(2))
                .body("maxTrialNumber", equalTo(4))
                .body("maxExperimentDuration", equalTo(3600))
                .body("optimizeMode", equalTo("maximize"))
                .body("convertedFromV1", equalTo(false))
                .body("config.trialConcurrency", equalTo(2))
                .body("config.searchSpace.x._type", equalTo("uniform"))
                .body("config.tuner.name", equalTo("TPE"))
                .body("config.trainingService.platform", equalTo("local"))
                .body("trialCounts.WAITING", equalTo(0))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith(Api.EXPERIMENTS + "/" + id);
        assertThat(created.jsonPath().getList("warnings")).isNotNull();
        assertThat(created.jsonPath().getString("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        JsonPath running = Eventually.await(WAIT, "trials of " + id, () -> {
            JsonPath p = experiment(id);
            return total(p) > 0 ? p : null;
        });
        assertThat(running.getString("status")).isIn("RUNNING", "NO_MORE_TRIAL", "DONE");
        JsonPath done = Eventually.await(WAIT, id + " to finish its 4 trials", () -> {
            JsonPath p = experiment(id);
            return "DONE".equals(p.getString("status")) ? p : null;
        });
        assertThat(total(done)).isEqualTo(4);
        if (done.getInt("trialCounts.SUCCEEDED") > 0) {
            assertThat(done.getString("bestTrial.id")).matches("[A-Za-z][A-Za-z0-9]{4}");
            assertThat(done.getDouble("bestTrial.value")).isLessThanOrEqualTo(10.0);
        }
        assertThat(done.getString("endedAt")).isNotNull();
        Api.admin().get(Api.EXPERIMENTS).then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void acceptsTheConfigAsAPlainFieldAndTheSearchSpaceAsASeparatePart() {
        String config = """
                searchSpaceFile: search_space.json
                trialCommand: "true"
                trialConcurrency: 1
                maxTrialNumber: 1
                tuner:
                  name: Random
                trainingService:
                  platform: local
                """;
        String space = TestArchives.exampleText("quadratic", "search_space.json");
        String id = Api.admin()
                .multiPart("config", config)
                .multiPart(
                        "searchSpace", "search_space.json", space.getBytes(StandardCharsets.UTF_8), "application/json")
                .post(Api.EXPERIMENTS)
                .then()
                .statusCode(201)
                .body("config.searchSpace.shape._value", equalTo(List.of("bowl", "ridge")))
                .body("searchSpace.steps._type", equalTo("randint"))
                .extract()
                .path("id");
        stop(id);
    }

    @Test
    void convertsALegacyV1Config() {
        String v1 = """
                authorName: someone
                experimentName: legacy
                trialConcurrency: 1
                maxExecDuration: 1h
                maxTrialNum: 1
                trainingServicePlatform: local
                searchSpacePath: search_space.json
                useAnnotation: false
                tuner:
                  builtinTunerName: Random
                trial:
                  command: python3 trial.py
                  codeDir: .
                """;
        String id = Api.submit(v1, Api.quadraticCode())
                .statusCode(201)
                .body("convertedFromV1", equalTo(true))
                .body("name", equalTo("legacy"))
                .body("config.trainingService.platform", equalTo("local"))
                .body("config.trialCommand", equalTo("python3 trial.py"))
                .body("maxExperimentDuration", equalTo(3600))
                .extract()
                .path("id");
        stop(id);
    }

    @Test
    void patchChangesLimitsAndTheSearchSpaceAndRefusesBadValuesByField() {
        String id = Api.submit(SLOW, null).statusCode(201).extract().path("id");
        Api.admin()
                .contentType("application/json")
                .body("{\"trialConcurrency\": 1, \"maxTrialNumber\": 10, \"maxExperimentDuration\": \"2h\","
                        + " \"maxTrialDuration\": 600}")
                .patch(Api.EXPERIMENTS + "/" + id)
                .then()
                .statusCode(200)
                .body("trialConcurrency", equalTo(1))
                .body("maxTrialNumber", equalTo(10))
                .body("maxExperimentDuration", equalTo(7200))
                .body("maxTrialDuration", equalTo(600));

        ExtractableResponse<Response> refused = Api.admin()
                .contentType("application/json")
                .body("{\"trialConcurrency\": 0, \"maxTrialNumber\": \"many\", \"maxExperimentDuration\": \"soon\","
                        + " \"tuner\": {}, \"searchSpace\": {\"x\": {\"_type\": \"uniform\", \"_value\": [5, 1]}}}")
                .patch(Api.EXPERIMENTS + "/" + id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .extract();
        assertThat(refused.jsonPath().getList("errors.field"))
                .contains(
                        "trialConcurrency", "maxTrialNumber", "maxExperimentDuration", "tuner", "searchSpace.x._value");
        assertThat(experiment(id).getInt("trialConcurrency")).isEqualTo(1);

        Api.admin()
                .contentType("application/json")
                .body(
                        "{\"maxTrialNumber\": null, \"searchSpace\": {\"y\": {\"_type\": \"choice\", \"_value\": [1, 2]}}}")
                .patch(Api.EXPERIMENTS + "/" + id)
                .then()
                .statusCode(200)
                .body("maxTrialNumber", equalTo(null))
                .body("searchSpace.y._value", equalTo(List.of(1, 2)))
                .body("config.searchSpace.x._type", equalTo("uniform"));
        Api.admin()
                .contentType("application/json")
                .body("[1, 2]")
                .patch(Api.EXPERIMENTS + "/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"));
        stop(id);
    }

    @Test
    void stopCancelsRunningTrialsAndResumeRunsTheExperimentAgain() {
        String id = Api.submit(SLOW, null).statusCode(201).extract().path("id");
        Eventually.await(
                WAIT, "running trials of " + id, () -> experiment(id).getInt("trialCounts.RUNNING") > 0 ? true : null);

        JsonPath stopped = Api.admin()
                .post(Api.EXPERIMENTS + "/" + id + "/stop")
                .then()
                .statusCode(200)
                .body("status", equalTo("STOPPED"))
                .extract()
                .jsonPath();
        assertThat(stopped.getInt("trialCounts.RUNNING") + stopped.getInt("trialCounts.WAITING"))
                .isZero();
        assertThat(stopped.getInt("trialCounts.USER_CANCELED")).isPositive();
        assertThat(stopped.getString("endedAt")).isNotNull();
        int before = total(stopped);

        Api.admin()
                .post(Api.EXPERIMENTS + "/" + id + "/resume")
                .then()
                .statusCode(200)
                .body("status", equalTo("RUNNING"))
                .body("endedAt", equalTo(null));
        Eventually.await(WAIT, "new trials of " + id, () -> total(experiment(id)) > before ? true : null);
        // Stopping twice is harmless.
        stop(id);
        Api.admin()
                .post(Api.EXPERIMENTS + "/" + id + "/stop")
                .then()
                .statusCode(200)
                .body("status", equalTo("STOPPED"));
    }

    @Test
    void resumeWithTheTrialBudgetSpentIs409UntilTheBudgetIsRaised() {
        String config = SLOW.replace("trialCommand: sleep 60", "trialCommand: exit 3")
                .replace("maxTrialNumber: 6", "maxTrialNumber: 1");
        String id = Api.submit(config, null).statusCode(201).extract().path("id");
        JsonPath done = Eventually.await(WAIT, id + " to be done", () -> {
            JsonPath p = experiment(id);
            return "DONE".equals(p.getString("status")) ? p : null;
        });
        assertThat(done.getInt("trialCounts.FAILED")).isEqualTo(1);
        Api.admin()
                .post(Api.EXPERIMENTS + "/" + id + "/resume")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("budget-exhausted"));
        Api.admin()
                .contentType("application/json")
                .body("{\"maxTrialNumber\": 2}")
                .patch(Api.EXPERIMENTS + "/" + id)
                .then()
                .statusCode(200);
        Api.admin()
                .post(Api.EXPERIMENTS + "/" + id + "/resume")
                .then()
                .statusCode(200)
                .body("status", equalTo("RUNNING"));
        Eventually.await(WAIT, id + " to run its second trial", () -> total(experiment(id)) == 2 ? true : null);
        stop(id);
    }

    @Test
    void listsTheTenantsExperimentsNewestFirst() {
        String first = Api.submit(SLOW, null).statusCode(201).extract().path("id");
        String second = Api.submit(SLOW, null).statusCode(201).extract().path("id");
        List<String> ids = Api.admin()
                .get(Api.EXPERIMENTS)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
        assertThat(ids.indexOf(second)).isLessThan(ids.indexOf(first)).isNotNegative();
        stop(first);
        stop(second);
    }

    private static JsonPath experiment(String id) {
        return Api.admin()
                .get(Api.EXPERIMENTS + "/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static int total(JsonPath experiment) {
        Map<String, Integer> counts = experiment.getMap("trialCounts");
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void stop(String id) {
        Api.admin().post(Api.EXPERIMENTS + "/" + id + "/stop").then().statusCode(200);
    }
}
