package dev.sibyl.server.trial;

import static io.restassured.RestAssured.given;

import dev.sibyl.server.testing.Eventually;
import dev.sibyl.server.testing.TestArchives;
import dev.sibyl.server.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Experiments created through the REST API, as a user would, for tests of the trial side. */
public final class ExperimentFixtures {
    public static final String TENANT = "/api/v1/tenants/default";

    private ExperimentFixtures() {}

    public static RequestSpecification api() {
        return given().auth().oauth2(TestTokens.ADMIN);
    }

    public static String experiment(String id) {
        return TENANT + "/experiments/" + id;
    }

    /**
     * A config whose trials do nothing but sleep: the test itself plays the trial over the trial channel.
     *
     * @param searchSpace inline YAML flow mapping
     */
    public static String sleeperConfig(String name, String searchSpace, String tuner, int concurrency, int maxTrials) {
        return "experimentName: " + name + "\n"
                + "searchSpace: " + searchSpace + "\n"
                + "trialCommand: sleep 600\n"
                + "trialCodeDirectory: .\n"
                + "trialConcurrency: " + concurrency + "\n"
                + "maxTrialNumber: " + maxTrials + "\n"
                + "tuner:\n  name: " + tuner + "\n"
                + "trainingService:\n  platform: local\n";
    }

    /** Creates and starts an experiment; returns its id. */
    public static String create(String config) {
        return create(config, null);
    }

    /** Creates and starts an experiment with trial code (file name to content); returns its id. */
    public static String create(String config, Map<String, byte[]> code) {
        RequestSpecification request = api().multiPart("config", config);
        if (code != null) {
            request = request.multiPart("code", "code.tar.gz", TestArchives.tarGz(code), "application/gzip");
        }
        return request.post(TENANT + "/experiments")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static List<Map<String, Object>> trials(String experimentId) {
        return api().get(experiment(experimentId) + "/trials")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /** Waits until the experiment's trials satisfy {@code condition}; returns them. */
    public static List<Map<String, Object>> awaitTrials(
            String experimentId, Duration timeout, String what, Predicate<List<Map<String, Object>>> condition) {
        return Eventually.await(timeout, what, () -> {
            List<Map<String, Object>> trials = trials(experimentId);
            return condition.test(trials) ? trials : null;
        });
    }

    /** Waits for {@code count} trials in {@code status}; returns their ids in sequence order. */
    public static List<String> awaitStatus(String experimentId, String status, int count, Duration timeout) {
        return awaitTrials(
                        experimentId,
                        timeout,
                        count + " trials " + status,
                        trials -> trials.stream()
                                        .filter(t -> status.equals(t.get("status")))
                                        .count()
                                >= count)
                .stream()
                .filter(t -> status.equals(t.get("status")))
                .map(t -> (String) t.get("id"))
                .limit(count)
                .toList();
    }

    public static String status(String experimentId) {
        return api().get(experiment(experimentId))
                .then()
                .statusCode(200)
                .extract()
                .path("status");
    }

    public static String awaitExperimentStatus(String experimentId, String status, Duration timeout) {
        return Eventually.await(
                timeout,
                "experiment " + experimentId + " " + status,
                () -> status.equals(status(experimentId)) ? status : null);
    }

    public static void stop(String experimentId) {
        api().post(experiment(experimentId) + "/stop").then().statusCode(200);
    }
}
