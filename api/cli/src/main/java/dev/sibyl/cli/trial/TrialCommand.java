package dev.sibyl.cli.trial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sibyl.cli.experiment.ExperimentSelector;
import dev.sibyl.cli.output.PythonStyleJson;
import dev.sibyl.cli.session.ApiCommand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code sibyl trial ls|kill}: nnictl's trial verbs. */
@Command(
        name = "trial",
        description = "Get information of trials.",
        subcommands = {TrialCommand.ListTrials.class, TrialCommand.Kill.class})
public final class TrialCommand {

    /** {@code --head N} and {@code --tail N} exclude each other, as in nnictl. */
    static final class Window {
        @Option(names = "--head", paramLabel = "N", description = "List the N trials with the highest default metric.")
        Integer head;

        @Option(names = "--tail", paramLabel = "N", description = "List the N trials with the lowest default metric.")
        Integer tail;
    }

    @Command(name = "ls", description = "List the trials of an experiment.")
    static final class ListTrials extends ApiCommand {

        @Parameters(
                arity = "0..1",
                paramLabel = "ID",
                description = "Experiment id (default: the single running experiment).")
        String id;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Window window;

        @Override
        protected int execute() {
            Integer limit = window == null ? null : (window.head != null ? window.head : window.tail);
            if (limit != null && limit <= 0) {
                throw new ParameterException(
                        spec.commandLine(), "The number of requested data must be greater than 0.");
            }
            String experiment = ExperimentSelector.resolve(api(), console(), id);
            JsonNode trials = api().trials(experiment);
            JsonNode shown = limit == null ? trials : ranked(trials, window.head != null, limit);
            console().println(PythonStyleJson.render(shown));
            return 0;
        }

        /** nnictl: only trials with a final metric, sorted by its default value, first {@code limit}. */
        private static JsonNode ranked(JsonNode trials, boolean highestFirst, int limit) {
            List<JsonNode> withMetric = new ArrayList<>();
            for (JsonNode trial : trials) {
                if (defaultMetric(trial).isPresent()) {
                    withMetric.add(trial);
                }
            }
            Comparator<JsonNode> byMetric =
                    Comparator.comparingDouble(trial -> defaultMetric(trial).orElseThrow());
            withMetric.sort(highestFirst ? byMetric.reversed() : byMetric);
            ArrayNode shown = JsonNodeFactory.instance.arrayNode();
            withMetric.stream().limit(limit).forEach(shown::add);
            return shown;
        }

        /** A final metric is a number, or a dict whose {@code default} key is one. */
        private static OptionalDouble defaultMetric(JsonNode trial) {
            JsonNode metric = trial.path("finalMetric");
            if (metric.isObject()) {
                metric = metric.path("default");
            }
            return metric.isNumber() ? OptionalDouble.of(metric.asDouble()) : OptionalDouble.empty();
        }
    }

    @Command(name = "kill", description = "Kill a trial.")
    static final class Kill extends ApiCommand {

        @Parameters(
                arity = "0..1",
                paramLabel = "ID",
                description = "Experiment id (default: the single running experiment).")
        String id;

        @Option(
                names = {"--trial_id", "-T"},
                required = true,
                description = "The id of the trial to kill.")
        String trialId;

        @Override
        protected int execute() {
            String experiment = ExperimentSelector.resolve(api(), console(), id);
            console().println(PythonStyleJson.render(api().killTrial(experiment, trialId)));
            return 0;
        }
    }
}
