package dev.sibyl.server.trial;

import dev.sibyl.server.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The logs in a trial's directory, {@code ${sibyl.home}/experiments/<experimentId>/trials/<trialId>/}: the
 * local training service writes {@code stdout} and {@code stderr} there, the SDK {@code trial.log}
 * ({@code $NNI_OUTPUT_DIR}). Only those three names are ever resolved, and the ids come from the database,
 * so no request can reach another file.
 */
@ApplicationScoped
public class TrialLogs {
    /** The logs a trial may have, by file name (which is also their name in the URL). */
    public static final List<String> NAMES = List.of("stdout", "stderr", "trial.log");

    @ConfigProperty(name = "sibyl.home")
    Path home;

    /**
     * @throws ProblemException 404 for a name that is not a log, or a log that does not exist (yet)
     */
    public Path require(TrialEntity trial, String name) {
        if (!NAMES.contains(name)) {
            throw ProblemException.notFound(
                    "a trial has no log '" + name + "'; expected one of " + String.join(", ", NAMES));
        }
        Path file = directory(trial.experimentId, trial.trialId).resolve(name);
        if (!Files.isRegularFile(file)) {
            throw ProblemException.notFound("trial " + trial.trialId + " has no " + name + " (yet)");
        }
        return file;
    }

    public Path directory(String experimentId, String trialId) {
        return home.resolve("experiments")
                .resolve(experimentId)
                .resolve("trials")
                .resolve(trialId);
    }
}
