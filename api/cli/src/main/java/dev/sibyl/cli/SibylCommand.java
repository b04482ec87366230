package dev.sibyl.cli;

import dev.sibyl.cli.api.SibylApi;
import dev.sibyl.cli.connection.ConnectionSettingsResolver;
import dev.sibyl.cli.create.CreateCommand;
import dev.sibyl.cli.experiment.ExperimentCommand;
import dev.sibyl.cli.experiment.ResumeCommand;
import dev.sibyl.cli.experiment.StopCommand;
import dev.sibyl.cli.experiment.TopCommand;
import dev.sibyl.cli.experiment.UpdateCommand;
import dev.sibyl.cli.plugin.PluginCommand;
import dev.sibyl.cli.session.Console;
import dev.sibyl.cli.session.Session;
import dev.sibyl.cli.session.Sleeper;
import dev.sibyl.cli.trial.LogCommand;
import dev.sibyl.cli.trial.TrialCommand;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root {@code sibyl} command: connection options shared by every subcommand (they may be given
 * before or after the subcommand's name) and the run's {@link Session}.
 */
@Command(
        name = "sibyl",
        scope = ScopeType.INHERIT, // subcommands get --help and --version too
        mixinStandardHelpOptions = true,
        versionProvider = SibylCommand.Version.class,
        description = "Command line of the Sibyl AutoML service; nnictl's verbs against a Sibyl server.",
        subcommands = {
            CreateCommand.class,
            ResumeCommand.class,
            StopCommand.class,
            UpdateCommand.class,
            TrialCommand.class,
            ExperimentCommand.class,
            LogCommand.class,
            TopCommand.class,
            PluginCommand.class
        })
final class SibylCommand implements Session {

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "Server URL (else $SIBYL_URL, else ~/.sibyl/cli.json, else http://127.0.0.1:8080).")
    String url;

    @Option(
            names = "--token",
            scope = ScopeType.INHERIT,
            paramLabel = "TOKEN",
            description = "API token (else $SIBYL_TOKEN, else ~/.sibyl/cli.json).")
    String token;

    @Option(
            names = "--tenant",
            scope = ScopeType.INHERIT,
            paramLabel = "TENANT",
            description = "Tenant slug (else $SIBYL_TENANT, else ~/.sibyl/cli.json, else default).")
    String tenant;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    private final CliEnvironment environment;
    private final Console console;
    private SibylApi api;

    SibylCommand(CliEnvironment environment) {
        this.environment = environment;
        this.console = new Console(environment.out(), environment.err(), environment.clock(), environment.zone());
    }

    @Override
    public SibylApi api() {
        if (api == null) {
            api = new SibylApi(new ConnectionSettingsResolver(environment.variables(), environment.home())
                    .resolve(url, token, tenant));
        }
        return api;
    }

    @Override
    public Console console() {
        return console;
    }

    @Override
    public Sleeper sleeper() {
        return environment.sleeper();
    }

    @Override
    public Path home() {
        return environment.home();
    }

    @Override
    public RandomGenerator random() {
        return environment.random();
    }

    boolean debug() {
        return debug;
    }

    /** The jar's {@code Implementation-Version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SibylCommand.class.getPackage().getImplementationVersion();
            return new String[] {"sibyl " + (version == null ? "(development build)" : version)};
        }
    }
}
