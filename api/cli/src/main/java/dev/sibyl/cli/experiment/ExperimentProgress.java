package dev.sibyl.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line summing up an experiment's progress from its {@code Experiment} JSON: status, trial
 * counts (non-zero ones, in NNI's status order) against {@code maxTrialNumber}, and the best metric.
 * Example: {@code Status: RUNNING    Trials: 7/20 (RUNNING 4, SUCCEEDED 3)    Best metric: 0.93 (trial Ab3x9)}.
 */
public final class ExperimentProgress {

    private static final List<String> TRIAL_STATUSES =
            List.of("WAITING", "RUNNING", "SUCCEEDED", "FAILED", "USER_CANCELED", "SYS_CANCELED", "EARLY_STOPPED");

    private ExperimentProgress() {}

    public static String describe(JsonNode experiment) {
        return "Status: " + experiment.path("status").asText("N/A") + "    Trials: " + trials(experiment)
                + "    Best metric: " + best(experiment);
    }

    private static String trials(JsonNode experiment) {
        JsonNode counts = experiment.path("trialCounts");
        Set<String> statuses = new LinkedHashSet<>(TRIAL_STATUSES);
        for (Map.Entry<String, JsonNode> field : counts.properties()) {
            statuses.add(field.getKey());
        }
        long total = 0;
        List<String> parts = new ArrayList<>();
        for (String status : statuses) {
            long count = counts.path(status).asLong(0);
            if (count > 0) {
                total += count;
                parts.add(status + " " + count);
            }
        }
        JsonNode max = experiment.path("maxTrialNumber");
        String text = max.isNumber() ? total + "/" + max.asLong() : Long.toString(total);
        return parts.isEmpty() ? text : text + " (" + String.join(", ", parts) + ")";
    }

    private static String best(JsonNode experiment) {
        JsonNode best = experiment.path("bestTrial");
        JsonNode value = best.path("value");
        if (value.isMissingNode() || value.isNull()) {
            return "N/A";
        }
        String shown =
                value.isObject() && value.has("default") ? value.get("default").toString() : value.toString();
        String trial = best.path("id").asText("");
        return trial.isEmpty() ? shown : shown + " (trial " + trial + ")";
    }
}
