package dev.sibyl.tuner.builtin.hyperband;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Hyperband} (an NNI advisor): classArgs {@code optimize_mode} ({@code maximize}), {@code R} (60, the
 * largest {@code TRIAL_BUDGET}), {@code eta} (3), {@code exec_mode} ({@code parallelism} or {@code serial}) and
 * Sibyl's {@code seed}. See {@link HyperbandTuner}.
 */
public final class HyperbandFactory implements TunerFactory {
    static final Set<String> ACCEPTED = Set.of("optimize_mode", "R", "eta", "exec_mode", "seed");

    /** Validated classArgs. */
    record Args(OptimizeMode mode, long r, int eta, boolean serial, Optional<Long> seed) {}

    @Override
    public String name() {
        return "Hyperband";
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, ACCEPTED);
        read(classArgs, check);
        return check.violations();
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        ClassArgsCheck check = new ClassArgsCheck(classArgs, ACCEPTED);
        Args args = read(classArgs, check);
        check.throwIfAny();
        return new HyperbandTuner(space, args, Seeds.resolve(classArgs, seed));
    }

    static Args read(Settings classArgs, ClassArgsCheck check) {
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        long r = check.integer(classArgs, "R", 60, 1, 1_000_000_000L);
        long eta = check.integer(classArgs, "eta", 3, 2, 1_000_000L);
        String exec = check.read(() -> classArgs.getString("exec_mode", "parallelism"), "parallelism");
        check.require(
                exec.equals("parallelism") || exec.equals("serial"),
                classArgs.path() + ".exec_mode",
                "must be 'serial' or 'parallelism', got '" + exec + "'");
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        return new Args(mode, r, (int) eta, exec.equals("serial"), seed);
    }
}
