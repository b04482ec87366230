package dev.sibyl.server.trial;

import static dev.sibyl.server.trial.ExperimentFixtures.api;
import static dev.sibyl.server.trial.ExperimentFixtures.experiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.sibyl.server.driver.DriverSupervisor;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** Trials over REST: listing, customized trials, kills, re-running failed trials and logs. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrialResourceTest {
    /** Fails or waits, as its parameters say; talks to the server through the bundled SDK. */
    private static final String FAIL_OR_WAIT = String.join(
            "\n",
            "import sys, time",
            "import nni",
            "params = nni.get_next_parameter()",
            "print('trial got', params['mode'], flush=True)",
            "if params['mode'] == 'fail':",
            "    print('failing on purpose', file=sys.stderr, flush=True)",
            "    sys.exit(3)",
            "time.sleep(600)",
            "");

    @Inject
    DriverSupervisor supervisor;

    final List<String> experiments = new ArrayList<>();
    String sleeper;
    String firstTrial;
    String customized;
    String failing;

    @AfterAll
    void stopExperiments() {
        experiments.forEach(supervisor::stop);
    }

    private String sleeper() {
        if (sleeper == null) {
            sleeper = ExperimentFixtures.create(ExperimentFixtures.sleeperConfig(
                    "trials",
                    "{x: {_type: uniform, _value: [0, 1]}, act: {_type: choice, _value: [relu, tanh]}}",
                    "Random",
                    1,
                    4));
            experiments.add(sleeper);
            firstTrial = ExperimentFixtures.awaitStatus(sleeper, "RUNNING", 1, Duration.ofSeconds(60))
                    .get(0);
        }
        return sleeper;
    }

    private String failOrWait() {
        if (failing == null) {
            String config = "experimentName: fail-or-wait\n"
                    + "searchSpace: {mode: {_type: choice, _value: [fail, wait]}}\n"
                    + "trialCommand: python3 trial.py\n"
                    + "trialCodeDirectory: .\n"
                    + "trialConcurrency: 2\n"
                    + "maxTrialNumber: 4\n"
                    + "tuner:\n  name: GridSearch\n"
                    + "trainingService:\n  platform: local\n";
            failing = ExperimentFixtures.create(
                    config, Map.of("trial.py", FAIL_OR_WAIT.getBytes(StandardCharsets.UTF_8)));
            experiments.add(failing);
            ExperimentFixtures.awaitStatus(failing, "FAILED", 1, Duration.ofSeconds(60));
            ExperimentFixtures.awaitStatus(failing, "RUNNING", 1, Duration.ofSeconds(60));
        }
        return failing;
    }

    @Test
    @Order(1)
    void listsTrialsWithTheirParametersAndMetricSummary() {
        String id = sleeper();

        api().get(experiment(id) + "/trials")
                .then()
                .statusCode(200)
                .body("[0].id", equalTo(firstTrial))
                .body("[0].sequenceId", equalTo(0))
                .body("[0].parameterId", equalTo(0))
                .body("[0].parameterSource", equalTo("algorithm"))
                .body("[0].status", equalTo("RUNNING"))
                .body("[0].parameters.act", startsWith(""))
                .body("[0].finalMetric", nullValue())
                .body("[0].intermediateCount", equalTo(0));
        api().get(experiment(id) + "/trials/" + firstTrial)
                .then()
                .statusCode(200)
                .body("id", equalTo(firstTrial));
        api().get(experiment(id) + "/trials/Zz999").then().statusCode(404).body("code", equalTo("not-found"));
        api().get(experiment("nosuchex") + "/trials").then().statusCode(404);
    }

    @Test
    @Order(2)
    void addsACustomizedTrialThatWaitsForASlot() {
        String id = sleeper();

        customized = api().contentType("application/json")
                .body("{\"parameters\": {\"x\": 0.25, \"act\": \"tanh\"}}")
                .post(experiment(id) + "/trials")
                .then()
                .statusCode(201)
                .header("Location", containsString("/trials/"))
                .body("parameterSource", equalTo("customized"))
                .body("parameterId", nullValue())
                .body("sequenceId", equalTo(1))
                .body("status", equalTo("WAITING"))
                .body("parameters.x", equalTo(0.25f))
                .extract()
                .path("id");
        api().get(experiment(id) + "/trials?status=WAITING")
                .then()
                .statusCode(200)
                .body("id", equalTo(List.of(customized)));
        api().get(experiment(id) + "/trials?status=running")
                .then()
                .statusCode(200)
                .body("id", equalTo(List.of(firstTrial)));
        api().get(experiment(id) + "/trials?status=SLEEPING")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    @Order(3)
    void refusesCustomizedParametersOutsideTheSearchSpaceNamingTheField() {
        String id = sleeper();

        api().contentType("application/json")
                .body("{\"parameters\": {\"x\": 2, \"act\": \"relu\"}}")
                .post(experiment(id) + "/trials")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid-request"))
                .body("errors[0].field", equalTo("parameters.x"));
        api().contentType("application/json")
                .body("{\"parameters\": {\"x\": 0.5, \"act\": \"relu\", \"depth\": 3}}")
                .post(experiment(id) + "/trials")
                .then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("parameters.depth")));
        api().contentType("application/json")
                .body("{\"parameters\": {\"x\": 0.5}}")
                .post(experiment(id) + "/trials")
                .then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("parameters.act")));
        api().contentType("application/json")
                .body("{}")
                .post(experiment(id) + "/trials")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("parameters"));
        api().contentType("application/json")
                .body("{\"parameters\": [0.5, \"relu\"]}")
                .post(experiment(id) + "/trials")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("malformed-body"))
                .body("errors[0].field", equalTo("parameters"));
    }

    @Test
    @Order(4)
    void killStopsTheTrialAndTheWaitingOneTakesItsSlot() {
        String id = sleeper();

        api().post(experiment(id) + "/trials/" + firstTrial + "/kill")
                .then()
                .statusCode(200)
                .body("id", equalTo(firstTrial));

        ExperimentFixtures.awaitTrials(
                id,
                Duration.ofSeconds(60),
                "kill, then the customized trial runs",
                trials -> trials.stream()
                                .anyMatch(
                                        t -> firstTrial.equals(t.get("id")) && "USER_CANCELED".equals(t.get("status")))
                        && trials.stream()
                                .anyMatch(t -> customized.equals(t.get("id")) && "RUNNING".equals(t.get("status"))));
        api().post(experiment(id) + "/trials/" + firstTrial + "/kill")
                .then()
                .statusCode(200)
                .body("status", equalTo("USER_CANCELED"));
        api().post(experiment(id) + "/trials/Zz999/kill").then().statusCode(404);
    }

    @Test
    @Order(5)
    void refusesCustomizedTrialsPastMaxTrialNumberCountingEveryTrial() {
        String id = sleeper();
        int existing = ExperimentFixtures.trials(id).size();
        for (int i = existing; i < 4; i++) {
            api().contentType("application/json")
                    .body("{\"parameters\": {\"x\": 0.5, \"act\": \"relu\"}}")
                    .post(experiment(id) + "/trials")
                    .then()
                    .statusCode(201);
        }

        api().contentType("application/json")
                .body("{\"parameters\": {\"x\": 0.5, \"act\": \"relu\"}}")
                .post(experiment(id) + "/trials")
                .then()
                .statusCode(409)
                .body("code", equalTo("budget-exhausted"));
        assertThat(ExperimentFixtures.trials(id)).hasSize(4);
    }

    @Test
    @Order(6)
    void rerunsEachFailedTrialWithItsParametersAsACustomizedTrial() {
        String id = failOrWait();

        List<Map<String, Object>> rerun = api().post(experiment(id) + "/trials/rerun-failed")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getList("$");

        assertThat(rerun).hasSize(1);
        assertThat(rerun.get(0))
                .containsEntry("parameterSource", "customized")
                .containsEntry("parameters", Map.of("mode", "fail"))
                .containsEntry("sequenceId", 2);
        ExperimentFixtures.awaitStatus(id, "FAILED", 2, Duration.ofSeconds(60));
        // Two failed trials now: 3 trials + 2 re-runs would pass maxTrialNumber 4.
        api().post(experiment(id) + "/trials/rerun-failed")
                .then()
                .statusCode(409)
                .body("code", equalTo("budget-exhausted"));
    }

    @Test
    @Order(7)
    void servesTheLogsOfTheTrialDirectory() {
        String id = failOrWait();
        String failed = ExperimentFixtures.awaitStatus(id, "FAILED", 1, Duration.ofSeconds(60))
                .get(0);
        String trial = experiment(id) + "/trials/" + failed + "/logs/";

        api().get(trial + "stdout")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(containsString("trial got fail"));
        api().get(trial + "stderr").then().statusCode(200).body(containsString("failing on purpose"));
        api().get(trial + "trial.log").then().statusCode(200);
        api().get(trial + "run.sh").then().statusCode(404).body("code", equalTo("not-found"));
        api().get(trial + "..%2F..%2F..%2Fconfig.yml").then().statusCode(404);
        api().get(experiment(id) + "/trials/Zz999/logs/stdout").then().statusCode(404);
    }

    @Test
    @Order(8)
    void refusesNewTrialsOnceTheExperimentIsStopped() {
        String id = failOrWait();
        ExperimentFixtures.stop(id);

        api().post(experiment(id) + "/trials/rerun-failed")
                .then()
                .statusCode(409)
                .body("code", equalTo("conflict"));
        api().contentType("application/json")
                .body("{\"parameters\": {\"mode\": \"wait\"}}")
                .post(experiment(id) + "/trials")
                .then()
                .statusCode(409);
        api().get(experiment(id) + "/trials").then().statusCode(200).body("status", hasItem("USER_CANCELED"));
    }
}
