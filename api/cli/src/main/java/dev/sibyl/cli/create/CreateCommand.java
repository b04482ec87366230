package dev.sibyl.cli.create;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sibyl.cli.api.MultipartBody;
import dev.sibyl.cli.archive.ArchiveRejectedException;
import dev.sibyl.cli.archive.CodeArchiver;
import dev.sibyl.cli.archive.PackedCode;
import dev.sibyl.cli.session.ApiCommand;
import dev.sibyl.cli.session.CommandFailure;
import dev.sibyl.cli.session.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sibyl create --config FILE [--watch]}: nnictl's create. Reads from the config only where
 * the code directory and the search space file are, packs the code directory (honouring
 * {@code .nniignore} and NNI's limits), uploads config, code and search space to
 * {@code POST /experiments}, and prints the experiment id the way NNI's launcher does. With
 * {@code --watch} it then follows the experiment until it is DONE (exit 0), STOPPED or ERROR (exit 1).
 */
@Command(name = "create", description = "Create a new experiment.")
public final class CreateCommand extends ApiCommand {

    private static final String RULE = "=".repeat(80);

    @Option(
            names = {"--config", "-c"},
            required = true,
            paramLabel = "FILE",
            description = "Path to the YAML (or JSON) configuration file of the experiment, NNI v2 or v1.")
    Path config;

    @Option(
            names = {"--watch", "-w", "--foreground", "-f"},
            description = "Follow the experiment's progress until it is DONE, STOPPED or ERROR"
                    + " (--foreground/-f, nnictl's blocking mode, is accepted as an alias).")
    boolean watch;

    @Override
    protected int execute() throws IOException {
        ExperimentFiles files = ExperimentFiles.read(config, session().home());
        if (!Files.isDirectory(files.codeDirectory())) {
            throw new CommandFailure(
                    "trialCodeDirectory \"" + files.codeDirectory() + "\" does not exist or is not a directory");
        }
        if (files.searchSpaceFile().isPresent()
                && !Files.isRegularFile(files.searchSpaceFile().get())) {
            throw new CommandFailure(
                    "searchSpaceFile \"" + files.searchSpaceFile().get() + "\" does not exist or is not a file");
        }
        JsonNode experiment = upload(files);
        String id = experiment.path("id").asText();
        Console console = console();
        if (experiment.path("convertedFromV1").asBoolean(false)) {
            printConvertedConfig(experiment.path("config"));
        }
        console.log("Creating experiment, Experiment ID: " + id);
        for (JsonNode warning : experiment.path("warnings")) {
            console.logWarning(warning.asText());
        }
        console.log("Sibyl server: " + api().server());
        console.log("To stop experiment run \"sibyl stop " + id + "\" or \"sibyl stop --all\"");
        if (watch) {
            return new ExperimentWatcher(api(), console, session().sleeper()).watch(id);
        }
        return 0;
    }

    private JsonNode upload(ExperimentFiles files) throws IOException {
        Path archive = Files.createTempFile("sibyl-code-", ".tar.gz");
        try {
            PackedCode packed;
            try {
                packed = new CodeArchiver().pack(files.codeDirectory(), archive);
            } catch (ArchiveRejectedException e) {
                throw new CommandFailure(e.getMessage());
            }
            for (String link : packed.symlinks()) {
                console()
                        .logWarning(files.codeDirectory() + " contains a symlink " + link
                                + ". It will be uploaded as is and might not work");
            }
            for (String special : packed.skipped()) {
                console()
                        .logWarning(files.codeDirectory() + " contains " + special
                                + ", which is neither a file nor a directory; it is not uploaded");
            }
            MultipartBody.Builder body = MultipartBody.builder(
                            boundary(session().random()))
                    .text("config", files.configText(), "text/plain; charset=UTF-8")
                    .file("code", archiveName(files.codeDirectory()), "application/gzip", archive);
            files.searchSpaceFile()
                    .ifPresent(space ->
                            body.file("searchSpace", space.getFileName().toString(), "application/json", space));
            return api().createExperiment(body.build());
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /** nnictl shows the v2 form of a converted v1 config so that users can switch to it. */
    private void printConvertedConfig(JsonNode converted) {
        Console console = console();
        console.logWarning("You are using legacy config file, please update it to latest format:");
        console.println(RULE);
        try {
            YAMLMapper yaml = YAMLMapper.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build();
            console.println(yaml.writeValueAsString(converted).strip());
        } catch (JacksonException e) {
            console.println(converted.toPrettyString());
        }
        console.println(RULE);
        console.println("Reference: https://nni.readthedocs.io/en/stable/reference/experiment_config.html");
    }

    private static String archiveName(Path codeDirectory) {
        Path name = codeDirectory.getFileName();
        return (name == null ? "code" : name.toString()) + ".tar.gz";
    }

    private static String boundary(RandomGenerator random) {
        return String.format("sibyl-%016x%016x", random.nextLong(), random.nextLong());
    }
}
