package dev.sibyl.server.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.trial.ExperimentFixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Early stopping end to end: NNI's Medianstop assessor stops a real trial whose curve, reported over the HTTP
 * trial channel, stays below the median of the completed trials. BatchTuner hands out three good parameter
 * sets, then a bad one; the trial script draws its curve from its parameters.
 */
@QuarkusTest
class MedianstopEndToEndTest {
    private static final String CONFIG = String.join(
            "\n",
            "experimentName: medianstop",
            "searchSpace:",
            "  combine_params:",
            "    _type: choice",
            "    _value:",
            "      - {quality: good, rank: 1}",
            "      - {quality: good, rank: 2}",
            "      - {quality: good, rank: 3}",
            "      - {quality: bad, rank: 4}",
            "trialCommand: python3 curve.py",
            "trialCodeDirectory: .",
            "trialConcurrency: 1",
            "maxTrialNumber: 4",
            "tuner:",
            "  name: BatchTuner",
            "assessor:",
            "  name: Medianstop",
            "  classArgs:",
            "    optimize_mode: maximize",
            "    start_step: 3",
            "trainingService:",
            "  platform: local",
            "");

    /** Good trials climb above 1 quickly; the bad one crawls at 0.1, slowly enough to be judged while it runs. */
    private static final String CURVE = String.join(
            "\n",
            "import time",
            "import nni",
            "params = nni.get_next_parameter()",
            "good = params['quality'] == 'good'",
            "for step in range(1, 11):",
            "    nni.report_intermediate_result(1.0 + step / 100 if good else 0.1)",
            "    time.sleep(0.05 if good else 0.5)",
            "nni.report_final_result(1.1 if good else 0.1)",
            "");

    @Test
    void stopsTheTrialWhoseCurveStaysBelowTheMedianOfCompletedTrials() {
        String id = ExperimentFixtures.create(CONFIG, Map.of("curve.py", CURVE.getBytes(StandardCharsets.UTF_8)));
        ExperimentFixtures.awaitExperimentStatus(id, "DONE", Duration.ofMinutes(3));

        List<Map<String, Object>> trials = ExperimentFixtures.trials(id);
        assertThat(trials).hasSize(4);
        for (Map<String, Object> good : trials.subList(0, 3)) {
            assertThat(good).containsEntry("status", "SUCCEEDED").containsEntry("intermediateCount", 10);
            assertThat(((Map<?, ?>) good.get("parameters")).get("quality")).isEqualTo("good");
        }
        Map<String, Object> bad = trials.get(3);
        assertThat(((Map<?, ?>) bad.get("parameters")).get("quality")).isEqualTo("bad");
        assertThat(bad.get("status")).isEqualTo("EARLY_STOPPED");
        assertThat(((Number) bad.get("intermediateCount")).intValue())
                .as("judged from start_step on, stopped well before its tenth step")
                .isBetween(3, 9);
        assertThat(bad.get("finalMetric")).isNull();
    }
}
