package dev.sibyl.cli.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sibyl.cli.session.ApiCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code sibyl update concurrency|trialnum|duration|searchspace [id]}: nnictl's update verbs, each a
 * {@code PATCH /experiments/{id}} of one field, with nnictl's local checks of the value.
 */
@Command(
        name = "update",
        description = "Update the configuration of an experiment.",
        subcommands = {
            UpdateCommand.Concurrency.class,
            UpdateCommand.TrialNumber.class,
            UpdateCommand.Duration.class,
            UpdateCommand.SearchSpace.class
        })
public final class UpdateCommand {

    private abstract static class UpdateOne extends ApiCommand {

        @Parameters(
                arity = "0..1",
                paramLabel = "ID",
                description = "Experiment id (default: the single running experiment).")
        String id;

        /** Sends {@code {field: value}} and prints nnictl's success line. */
        int patch(String field, JsonNode value, String label) {
            String experiment = ExperimentSelector.resolve(api(), console(), id);
            ObjectNode changes = JsonNodeFactory.instance.objectNode();
            changes.set(field, value);
            api().updateExperiment(experiment, changes);
            console().info("Update " + label + " success!");
            return 0;
        }

        long digit(String value, long min, long max) {
            String text = value.strip();
            if (!text.matches("[0-9]{1,18}") || Long.parseLong(text) < min || Long.parseLong(text) > max) {
                throw new ParameterException(
                        spec.commandLine(), String.format("value (%s) must be a digit from %d to %d", value, min, max));
            }
            return Long.parseLong(text);
        }
    }

    @Command(name = "concurrency", description = "Update an experiment's trial concurrency.")
    static final class Concurrency extends UpdateOne {

        @Option(
                names = {"--value", "-v"},
                required = true,
                description = "The number of allowed concurrent trials.")
        String value;

        @Override
        protected int execute() {
            long concurrency = digit(value, 1, 1000);
            return patch("trialConcurrency", JsonNodeFactory.instance.numberNode(concurrency), "concurrency");
        }
    }

    @Command(name = "trialnum", description = "Update an experiment's maximum trial number.")
    static final class TrialNumber extends UpdateOne {

        @Option(
                names = {"--value", "-v"},
                required = true,
                description = "The new maximum number of trials.")
        String value;

        @Override
        protected int execute() {
            long number = digit(value, 1, 999_999_999);
            return patch("maxTrialNumber", JsonNodeFactory.instance.numberNode(number), "trialnum");
        }
    }

    @Command(name = "duration", description = "Update an experiment's maximum allowed duration.")
    static final class Duration extends UpdateOne {

        @Option(
                names = {"--value", "-v"},
                required = true,
                description = "Strings like '1m' for one minute or '2h' for two hours; the suffix may be"
                        + " 's', 'm', 'h' or 'd'.")
        String value;

        @Override
        protected int execute() {
            return patch("maxExperimentDuration", JsonNodeFactory.instance.numberNode(seconds()), "duration");
        }

        /** nnictl's {@code parse_time}: digits followed by one of s, m, h, d. */
        private long seconds() {
            String text = value.strip();
            char unit = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
            long factor;
            switch (unit) {
                case 's':
                    factor = 1;
                    break;
                case 'm':
                    factor = 60;
                    break;
                case 'h':
                    factor = 3600;
                    break;
                case 'd':
                    factor = 86400;
                    break;
                default:
                    throw new ParameterException(spec.commandLine(), "the unit of time could only from {s, m, h, d}");
            }
            String number = text.substring(0, text.length() - 1);
            if (!number.matches("[0-9]{1,12}") || Long.parseLong(number) == 0) {
                throw new ParameterException(spec.commandLine(), "time format error!");
            }
            return Long.parseLong(number) * factor;
        }
    }

    @Command(name = "searchspace", description = "Update an experiment's search space.")
    static final class SearchSpace extends UpdateOne {

        @Option(
                names = {"--filename", "-f"},
                required = true,
                description = "Path to the new search space file (JSON, or YAML).")
        Path filename;

        @Override
        protected int execute() {
            return patch("searchSpace", load(), "searchSpace");
        }

        private JsonNode load() {
            if (!Files.isRegularFile(filename)) {
                throw new ParameterException(spec.commandLine(), filename + " is not a valid file path");
            }
            String text;
            try {
                text = Files.readString(filename, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "Cannot read " + filename + ": " + e.getMessage());
            }
            JsonNode space;
            try {
                space = new ObjectMapper().readTree(text);
            } catch (JacksonException notJson) {
                try {
                    space = new YAMLMapper().readTree(text); // NNI falls back to YAML for search space files
                } catch (JacksonException notYaml) {
                    throw new ParameterException(
                            spec.commandLine(),
                            "json file format error! " + filename + ": " + notJson.getOriginalMessage());
                }
            }
            if (space == null || space.isMissingNode() || space.isNull() || space.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "searchSpace file should not be empty");
            }
            return space;
        }
    }
}
