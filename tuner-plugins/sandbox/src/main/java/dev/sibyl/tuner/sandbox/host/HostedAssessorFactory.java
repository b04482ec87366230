package dev.sibyl.tuner.sandbox.host;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;

/** An assessor that runs in a plugin host, seen as an ordinary {@link AssessorFactory} (as {@link HostedTunerFactory}). */
public final class HostedAssessorFactory implements AssessorFactory {
    private final String name;
    private final List<String> aliases;
    private final String served;
    private final HostSource hosts;

    public HostedAssessorFactory(String name, List<String> aliases, String served, HostSource hosts) {
        this.name = name;
        this.aliases = List.copyOf(aliases);
        this.served = served;
        this.hosts = hosts;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> aliases() {
        return aliases;
    }

    @Override
    public List<Violation> validate(Settings classArgs) {
        HostedAssessor probe = new HostedAssessor(hosts, served, classArgs.asMap());
        return HostSessions.check(probe, classArgs.path());
    }

    /** @throws InvalidInputException when {@link #validate} finds violations */
    @Override
    public Assessor create(Settings classArgs) {
        List<Violation> violations = validate(classArgs);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new HostedAssessor(hosts, served, classArgs.asMap());
    }
}
