package dev.sibyl.cli.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sibyl.cli.output.PythonStyleJson;
import dev.sibyl.cli.session.ApiCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code sibyl experiment show|status|list|export|import}: nnictl's experiment verbs. */
@Command(
        name = "experiment",
        description = "Get information of, or operate on experiments.",
        subcommands = {
            ExperimentCommand.Show.class,
            ExperimentCommand.Status.class,
            ExperimentCommand.ListExperiments.class,
            ExperimentCommand.Export.class,
            ExperimentCommand.Import.class
        })
public final class ExperimentCommand {

    private abstract static class OnOneExperiment extends ApiCommand {

        @Parameters(
                arity = "0..1",
                paramLabel = "ID",
                description = "Experiment id (default: the single running experiment).")
        String id;

        String experimentId() {
            return ExperimentSelector.resolve(api(), console(), id);
        }
    }

    @Command(name = "show", description = "Show the information of an experiment (its status included).")
    static final class Show extends OnOneExperiment {

        @Override
        protected int execute() {
            console().println(PythonStyleJson.render(api().experiment(experimentId())));
            return 0;
        }
    }

    @Command(name = "status", description = "Show the status of an experiment.")
    static final class Status extends OnOneExperiment {

        @Override
        protected int execute() {
            JsonNode experiment = api().experiment(experimentId());
            // nnictl prints the manager's check-status answer: {"status": ..., "errors": [...]}.
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            status.put("status", experiment.path("status").asText());
            ArrayNode errors = status.putArray("errors");
            String message = experiment.path("message").asText("");
            if (!message.isBlank()) {
                errors.add(message);
            }
            console().println(PythonStyleJson.render(status));
            return 0;
        }
    }

    @Command(name = "list", description = "List running experiments, or all of them.")
    static final class ListExperiments extends ApiCommand {

        @Option(names = "--all", description = "List all experiments, not only running ones.")
        boolean all;

        @Override
        protected int execute() {
            JsonNode experiments = api().listExperiments();
            if (experiments.isEmpty()) {
                console().info("Cannot find experiments.");
                return 0;
            }
            List<JsonNode> shown = new ArrayList<>();
            if (all) {
                experiments.forEach(shown::add);
            } else {
                shown.addAll(ExperimentSelector.active(experiments));
                if (shown.isEmpty()) {
                    console()
                            .warning("There is no experiment running...\n"
                                    + "You can use 'sibyl experiment list --all' to list all experiments.");
                }
            }
            console().println(ExperimentTable.render(shown, console()));
            return 0;
        }
    }

    /** The export formats of {@code GET /experiments/{id}/export}. */
    enum ExportType {
        json,
        csv
    }

    @Command(name = "export", description = "Export the trials of an experiment to a JSON or CSV file.")
    static final class Export extends OnOneExperiment {

        @Option(
                names = {"--type", "-t"},
                required = true,
                description = "Target file type: ${COMPLETION-CANDIDATES}.")
        ExportType type;

        @Option(
                names = {"--filename", "-f"},
                required = true,
                description = "File path of the output file.")
        Path filename;

        @Option(
                names = {"--intermediate", "-i"},
                description = "Also export the intermediate results.")
        boolean intermediate;

        @Override
        protected int execute() {
            String experiment = experimentId();
            long bytes = api().exportTrials(experiment, type.name(), intermediate, filename);
            console()
                    .info("Exported the trials of experiment " + experiment + " to " + filename + " (" + bytes
                            + " bytes).");
            return 0;
        }
    }

    @Command(name = "import", description = "Import trial results ([{\"parameter\": ..., \"value\": ...}]).")
    static final class Import extends OnOneExperiment {

        @Option(
                names = {"--filename", "-f"},
                required = true,
                description = "A JSON file with the data to import.")
        Path filename;

        @Override
        protected int execute() {
            JsonNode records = load();
            String experiment = experimentId();
            JsonNode answer = api().importData(experiment, records);
            int imported = answer.path("imported").asInt(records.size());
            console().info("Successfully imported " + imported + " trial results into experiment " + experiment + ".");
            return 0;
        }

        private JsonNode load() {
            if (!Files.isRegularFile(filename)) {
                throw new ParameterException(spec.commandLine(), filename + " is not a valid file path");
            }
            JsonNode records;
            try {
                records = new ObjectMapper().readTree(Files.readString(filename, StandardCharsets.UTF_8));
            } catch (JacksonException e) {
                throw new ParameterException(
                        spec.commandLine(), "json file format error! " + filename + ": " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "Cannot read " + filename + ": " + e.getMessage());
            }
            if (records == null || !records.isArray() || records.isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Imported data should be a non-empty JSON list of {\"parameter\": ..., \"value\": ...}");
            }
            return records;
        }
    }
}
