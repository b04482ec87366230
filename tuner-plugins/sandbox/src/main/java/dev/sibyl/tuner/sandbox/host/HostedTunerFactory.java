package dev.sibyl.tuner.sandbox.host;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;

/**
 * A tuner that runs in a plugin host, seen as an ordinary {@link TunerFactory}: configs name it like a built-in,
 * {@link #validate} asks a host to start a session with the settings (so a plugin's own checks of its classArgs
 * reach the user, field by field, before the experiment starts), and {@link #create}, after the same check, gives
 * a {@link HostedTuner} that takes a host at its first ask (from a pool: usually the one the check used). Several
 * objectives are passed on to the host, whose factory accepts or refuses them (a violation of {@code objectives}).
 */
public final class HostedTunerFactory implements TunerFactory {
    private final String name;
    private final List<String> aliases;
    private final String served;
    private final HostSource hosts;

    /**
     * @param name what configs call it
     * @param served the name of the factory inside the host
     */
    public HostedTunerFactory(String name, List<String> aliases, String served, HostSource hosts) {
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
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        return validate(classArgs, space, List.of());
    }

    /**
     * @throws InvalidInputException when {@link #validate} finds violations: the settings were tried in a host
     */
    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        return create(classArgs, space, seed, List.of());
    }

    /** Whether the factory in the host supports them is learnt by trying: see {@link #validate}. */
    @Override
    public boolean supportsSeveralObjectives() {
        return true;
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space, List<Objective> objectives) {
        HostedTuner probe = new HostedTuner(hosts, served, space.toJson(), classArgs.asMap(), 0, objectives);
        return HostSessions.check(probe, classArgs.path());
    }

    /**
     * @throws InvalidInputException when {@link #validate} finds violations: the settings were tried in a host
     */
    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed, List<Objective> objectives) {
        List<Violation> violations = validate(classArgs, space, objectives);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new HostedTuner(hosts, served, space.toJson(), classArgs.asMap(), seed, objectives);
    }
}
