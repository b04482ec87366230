package dev.sibyl.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sibyl.cli.session.Console;
import java.util.List;

/**
 * nnictl's "Experiment information" block (used by {@code experiment list} and by the "multiple
 * experiments" error). NNI's per-experiment port has no meaning for a shared server and is left out.
 */
final class ExperimentTable {

    static final String RULE = "-".repeat(88);
    static final String TIME_PATTERN = "yyyy-MM-dd HH:mm:ss";

    private ExperimentTable() {}

    static String render(List<JsonNode> experiments, Console console) {
        StringBuilder text =
                new StringBuilder().append(RULE).append('\n').append("                Experiment information\n");
        for (JsonNode experiment : experiments) {
            text.append(String.format(
                    "Id: %s    Name: %s    Status: %s    Platform: %s    StartTime: %s    EndTime: %s%n",
                    experiment.path("id").asText(),
                    name(experiment),
                    experiment.path("status").asText("N/A"),
                    platform(experiment),
                    startTime(experiment, console),
                    console.localTime(experiment.path("endedAt").asText(null), TIME_PATTERN)
                            .orElse("N/A")));
        }
        return text.append('\n').append(RULE).toString();
    }

    static String name(JsonNode experiment) {
        String name = experiment.path("name").asText("");
        if (name.isBlank()) {
            name = experiment.path("config").path("experimentName").asText("");
        }
        return name.isBlank() ? "N/A" : name;
    }

    /** The training service platform; a list of training services is NNI's hybrid mode. */
    static String platform(JsonNode experiment) {
        JsonNode service = experiment.path("config").path("trainingService");
        if (service.isArray()) {
            return "hybrid";
        }
        String platform = service.path("platform").asText("");
        return platform.isBlank() ? "N/A" : platform;
    }

    static String startTime(JsonNode experiment, Console console) {
        String started = experiment.path("startedAt").asText(null);
        if (started == null || started.isBlank()) {
            started = experiment.path("createdAt").asText(null);
        }
        return console.localTime(started, TIME_PATTERN).orElse("N/A");
    }
}
