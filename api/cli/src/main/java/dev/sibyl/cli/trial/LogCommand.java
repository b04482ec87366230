package dev.sibyl.cli.trial;

import dev.sibyl.cli.experiment.ExperimentSelector;
import dev.sibyl.cli.session.ApiCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sibyl log trial [id] -T trial}: prints a trial's log. nnictl printed the path of the log
 * on the manager's disk; a hosted server has no path to show, so the content is printed instead.
 */
@Command(
        name = "log",
        description = "Show logs.",
        subcommands = {LogCommand.TrialLog.class})
public final class LogCommand {

    /** The logs a trial keeps, as named by {@code GET .../logs/{name}}. */
    enum LogName {
        stdout("stdout"),
        stderr("stderr"),
        trialLog("trial.log");

        private final String fileName;

        LogName(String fileName) {
            this.fileName = fileName;
        }

        @Override
        public String toString() {
            return fileName;
        }
    }

    @Command(name = "trial", description = "Show the log of a trial.")
    static final class TrialLog extends ApiCommand {

        @Parameters(
                arity = "0..1",
                paramLabel = "ID",
                description = "Experiment id (default: the single running experiment).")
        String id;

        @Option(
                names = {"--trial_id", "-T"},
                required = true,
                description = "The id of the trial.")
        String trialId;

        @Option(
                names = "--name",
                defaultValue = "trial.log",
                converter = LogNameConverter.class,
                description = "Which log: stdout, stderr or trial.log (default: ${DEFAULT-VALUE}).")
        LogName name;

        @Override
        protected int execute() {
            String experiment = ExperimentSelector.resolve(api(), console(), id);
            String log = api().trialLog(experiment, trialId, name.fileName);
            console().print(log.isEmpty() || log.endsWith("\n") ? log : log + "\n");
            return 0;
        }
    }

    static final class LogNameConverter implements picocli.CommandLine.ITypeConverter<LogName> {
        @Override
        public LogName convert(String value) {
            for (LogName name : LogName.values()) {
                if (name.fileName.equals(value)) {
                    return name;
                }
            }
            throw new picocli.CommandLine.TypeConversionException(
                    "expected one of stdout, stderr, trial.log but was '" + value + "'");
        }
    }
}
