package dev.sibyl.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sibyl.cli.api.SibylApi;
import dev.sibyl.cli.session.CommandFailure;
import dev.sibyl.cli.session.Console;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * nnictl's rule for an omitted experiment id: use the single running experiment, and fail when
 * there is none or more than one (listing them). "Running" means the server still drives it:
 * INITIALIZED, RUNNING, NO_MORE_TRIAL, TUNER_NO_MORE_TRIAL or STOPPING; DONE, STOPPED and ERROR
 * experiments are at rest.
 */
public final class ExperimentSelector {

    /** Statuses of experiments the server is still driving. */
    public static final Set<String> ACTIVE_STATUSES =
            Set.of("INITIALIZED", "RUNNING", "NO_MORE_TRIAL", "TUNER_NO_MORE_TRIAL", "STOPPING");

    private ExperimentSelector() {}

    /** Whether the experiment's status is one of {@link #ACTIVE_STATUSES}. */
    public static boolean isActive(JsonNode experiment) {
        return ACTIVE_STATUSES.contains(experiment.path("status").asText(""));
    }

    /** The running experiments of a {@code GET /experiments} answer, in its order. */
    public static List<JsonNode> active(JsonNode experiments) {
        List<JsonNode> running = new ArrayList<>();
        for (JsonNode experiment : experiments) {
            if (isActive(experiment)) {
                running.add(experiment);
            }
        }
        return running;
    }

    /**
     * The id given, or else the id of the single running experiment.
     *
     * @throws CommandFailure when no id is given and not exactly one experiment runs
     */
    public static String resolve(SibylApi api, Console console, String id) {
        if (id != null && !id.isBlank()) {
            return id;
        }
        List<JsonNode> running = active(api.listExperiments());
        if (running.isEmpty()) {
            throw new CommandFailure("There is no experiment running...");
        }
        if (running.size() > 1) {
            throw new CommandFailure("There are multiple experiments, please set the experiment id...\n"
                    + ExperimentTable.render(running, console));
        }
        return running.get(0).path("id").asText();
    }
}
