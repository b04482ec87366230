package dev.sibyl.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sibyl.cli.session.ApiCommand;
import dev.sibyl.cli.session.CommandFailure;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code sibyl stop [id] [--all]}: nnictl's stop, through {@code POST /experiments/{id}/stop}. */
@Command(name = "stop", description = "Stop a running experiment, or all of them.")
public final class StopCommand extends ApiCommand {

    @Parameters(
            arity = "0..1",
            paramLabel = "ID",
            description = "Experiment id (default: the single running experiment); a trailing * stops every"
                    + " running experiment whose id starts with the text before it.")
    String id;

    @Option(
            names = {"--all", "-a"},
            description = "Stop all running experiments.")
    boolean all;

    @Override
    protected int execute() {
        if (all && id != null) {
            throw new ParameterException(spec.commandLine(), "Give either an experiment id or --all, not both");
        }
        List<String> ids = targets();
        if (ids.isEmpty()) {
            console().info("There is no experiment running...");
            return 0;
        }
        for (String experiment : ids) {
            console().info("Stopping experiment " + experiment);
            api().stopExperiment(experiment);
            console().info("Stop experiment success.");
        }
        return 0;
    }

    private List<String> targets() {
        if (all || (id != null && id.endsWith("*"))) {
            String prefix = all ? "" : id.substring(0, id.length() - 1);
            List<String> ids = new ArrayList<>();
            for (JsonNode experiment : ExperimentSelector.active(api().listExperiments())) {
                String candidate = experiment.path("id").asText();
                if (candidate.startsWith(prefix)) {
                    ids.add(candidate);
                }
            }
            if (ids.isEmpty() && !all) {
                throw new CommandFailure(
                        "There are no experiments matched, please set correct experiment id or restful server port");
            }
            return ids;
        }
        return List.of(ExperimentSelector.resolve(api(), console(), id));
    }
}
