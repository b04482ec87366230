package dev.sibyl.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sibyl.cli.session.ApiCommand;
import dev.sibyl.cli.session.Console;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code sibyl top}: nnictl's monitor, a screen refreshed every {@code --time} seconds showing each
 * running experiment and its trials, until Ctrl-C. {@code --once} prints a single frame without
 * clearing the screen, for scripts.
 */
@Command(name = "top", description = "Monitor the running experiments.")
public final class TopCommand extends ApiCommand {

    private static final String CLEAR_SCREEN = "\033[H\033[2J";
    private static final String TRIAL_RULE = "-".repeat(85);
    private static final String TRIAL_ROW = "%-15s %-25s %-25s %-15s";
    private static final String TRIAL_TIME = "yyyy/MM/dd HH:mm:ss";

    @Option(
            names = {"--time", "-t"},
            defaultValue = "3",
            description = "Refresh interval in seconds (default: ${DEFAULT-VALUE}).")
    int time;

    @Option(names = "--once", description = "Print one frame and exit.")
    boolean once;

    @Override
    protected int execute() {
        if (time <= 0) {
            throw new ParameterException(
                    spec.commandLine(), "please input a positive integer as time interval, the unit is second.");
        }
        while (true) {
            String frame = frame();
            console().print(once ? frame : CLEAR_SCREEN + frame);
            if (once) {
                return 0;
            }
            try {
                session().sleeper().sleep(Duration.ofSeconds(time));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                console().info("Exiting...");
                return 0;
            }
        }
    }

    private String frame() {
        Console console = console();
        List<JsonNode> running = ExperimentSelector.active(api().listExperiments());
        StringBuilder text = new StringBuilder();
        if (running.isEmpty()) {
            return "WARNING: There is no experiment running...\n";
        }
        for (JsonNode experiment : running) {
            String id = experiment.path("id").asText();
            text.append(String.format(
                    "Id: %s    Name: %s    Status: %s    Platform: %s    %n",
                    id,
                    ExperimentTable.name(experiment),
                    experiment.path("status").asText("N/A"),
                    ExperimentTable.platform(experiment)));
            text.append(String.format(
                    "StartTime: %s    Duration: %s%n",
                    ExperimentTable.startTime(experiment, console), duration(experiment.path("execDurationSeconds"))));
            text.append(ExperimentProgress.describe(experiment)).append('\n');
            text.append(TRIAL_RULE).append('\n');
            text.append(String.format(TRIAL_ROW, "trialId", "startTime", "endTime", "status"))
                    .append(" \n");
            text.append(TRIAL_RULE).append('\n');
            for (JsonNode trial : api().trials(id)) {
                text.append(String.format(
                                TRIAL_ROW,
                                trial.path("id").asText(),
                                console.localTime(trial.path("startedAt").asText(null), TRIAL_TIME)
                                        .orElse("N/A"),
                                console.localTime(trial.path("endedAt").asText(null), TRIAL_TIME)
                                        .orElse("N/A"),
                                trial.path("status").asText("N/A"))
                        .stripTrailing());
                text.append('\n');
            }
            text.append(TRIAL_RULE).append("\n\n\n");
        }
        return text.toString();
    }

    /** nnictl's {@code get_time_interval}: {@code 0d 0h 0m 12s}. */
    static String duration(JsonNode seconds) {
        if (!seconds.isNumber()) {
            return "N/A";
        }
        long total = seconds.asLong();
        return String.format("%dd %dh %dm %ds", total / 86400, (total % 86400) / 3600, (total % 3600) / 60, total % 60);
    }
}
