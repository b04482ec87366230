package dev.sibyl.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sibyl.cli.session.ApiCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sibyl resume id}: continue a STOPPED or DONE experiment that has budget left. As in nnictl
 * the id is required (a stopped experiment is never the "running" default).
 */
@Command(name = "resume", description = "Resume a stopped experiment.")
public final class ResumeCommand extends ApiCommand {

    @Parameters(paramLabel = "ID", description = "The id of the experiment to resume.")
    String id;

    @Override
    protected int execute() {
        console().log("Resuming experiment, Experiment ID: " + id);
        JsonNode experiment = api().resumeExperiment(id);
        console().log("Experiment status: " + experiment.path("status").asText("N/A"));
        console().log("To stop experiment run \"sibyl stop " + id + "\" or \"sibyl stop --all\"");
        return 0;
    }
}
