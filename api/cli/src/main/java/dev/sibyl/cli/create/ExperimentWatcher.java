package dev.sibyl.cli.create;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sibyl.cli.api.SibylApi;
import dev.sibyl.cli.experiment.ExperimentProgress;
import dev.sibyl.cli.session.Console;
import dev.sibyl.cli.session.Sleeper;
import java.time.Duration;
import java.util.Objects;

/**
 * Follows an experiment until it comes to rest, printing a progress line whenever status, trial
 * counts or best metric change. Ends with 0 when the experiment is DONE, 1 when it is STOPPED or in
 * ERROR (with the server's message).
 */
final class ExperimentWatcher {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(3);

    private final SibylApi api;
    private final Console console;
    private final Sleeper sleeper;

    ExperimentWatcher(SibylApi api, Console console, Sleeper sleeper) {
        this.api = Objects.requireNonNull(api, "api");
        this.console = Objects.requireNonNull(console, "console");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    int watch(String id) {
        console.log("Watching experiment " + id + " (Ctrl-C stops watching; the experiment keeps running)");
        String previous = null;
        while (true) {
            JsonNode experiment = api.experiment(id);
            String progress = ExperimentProgress.describe(experiment);
            if (!progress.equals(previous)) {
                console.log(progress);
                previous = progress;
            }
            String status = experiment.path("status").asText("");
            if (status.equals("DONE")) {
                console.log("Experiment " + id + " is done.");
                return 0;
            }
            if (status.equals("STOPPED")) {
                console.log("Experiment " + id + " was stopped.");
                return 1;
            }
            if (status.equals("ERROR")) {
                String message = experiment.path("message").asText("");
                console.error("Experiment " + id + " failed" + (message.isBlank() ? "." : ": " + message));
                return 1;
            }
            try {
                sleeper.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }
}
