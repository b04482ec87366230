package dev.sibyl.server.endtoend;

import static dev.sibyl.server.trial.ExperimentFixtures.api;
import static dev.sibyl.server.trial.ExperimentFixtures.experiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sibyl.server.testing.TestArchives;
import dev.sibyl.server.trial.ExperimentFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test: NNI's way of working, unchanged, through Sibyl's REST API with real PostgreSQL and real
 * trial processes. {@code examples/quadratic} (config.yml, search_space.json and trial.py doing {@code import
 * nni}) is packed as a tar.gz and submitted like a user would; TPE proposes, the local training service runs
 * {@code python3 trial.py}, the trials fetch their parameters and report over the HTTP trial channel, and the
 * experiment runs to its end (maxTrialNumber 20, trialConcurrency 4, as the example's config says).
 */
@QuarkusTest
class QuadraticEndToEndTest {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void runsTheQuadraticExampleToDoneWithTwentySucceededTrialsAndTheirResults() {
        String config = TestArchives.exampleText("quadratic", "config.yml");
        assertThat(config).contains("maxTrialNumber: 20").contains("trialConcurrency: 4");

        String id = ExperimentFixtures.create(config, TestArchives.example("quadratic"));
        ExperimentFixtures.awaitExperimentStatus(id, "DONE", RUN_TIMEOUT);

        List<Map<String, Object>> trials = ExperimentFixtures.trials(id);
        assertThat(trials).hasSize(20);
        assertThat(trials).extracting(t -> t.get("status")).containsOnly("SUCCEEDED");
        trials.forEach(QuadraticEndToEndTest::assertReportedItsWholeCurve);
        JsonPath finals = api().get(experiment(id) + "/metrics?type=FINAL&size=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(finals.getInt("total")).isEqualTo(20);
        assertThat(finals.getList("items.trialId")).doesNotHaveDuplicates();
        int steps = trials.stream()
                .mapToInt(t -> ((Number) parameters(t).get("steps")).intValue())
                .sum();
        assertThat(periodicalTotal(id)).isEqualTo(steps).isGreaterThanOrEqualTo(20 * 3);

        JsonPath view =
                api().get(experiment(id)).then().statusCode(200).extract().jsonPath();
        assertThat(view.getInt("trialCounts.SUCCEEDED")).isEqualTo(20);
        assertThat(view.getString("bestTrial.id")).isNotNull();
        assertThat(api().get(experiment(id) + "/export?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$"))
                .hasSize(20);
    }

    private static void assertReportedItsWholeCurve(Map<String, Object> trial) {
        Map<String, Object> parameters = parameters(trial);
        assertThat(parameters.keySet()).containsExactlyInAnyOrder("x", "y", "shape", "steps");
        // trial.py reports one intermediate result per step, then its final result: the quadratic's value.
        assertThat(trial.get("intermediateCount")).isEqualTo(parameters.get("steps"));
        double x = ((Number) parameters.get("x")).doubleValue();
        double y = ((Number) parameters.get("y")).doubleValue();
        double weight = "bowl".equals(parameters.get("shape")) ? 1.0 : 0.3;
        double expected = 10.0 - (x - 1.0) * (x - 1.0) - weight * (y + 0.5) * (y + 0.5);
        assertThat(((Number) trial.get("finalMetric")).doubleValue()).isCloseTo(expected, within(1e-4));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameters(Map<String, Object> trial) {
        return (Map<String, Object>) trial.get("parameters");
    }

    private static int periodicalTotal(String id) {
        return api().get(experiment(id) + "/metrics?type=PERIODICAL&size=1")
                .then()
                .statusCode(200)
                .extract()
                .path("total");
    }
}
