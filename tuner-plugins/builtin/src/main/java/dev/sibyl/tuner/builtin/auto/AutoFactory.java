package dev.sibyl.tuner.builtin.auto;

import dev.sibyl.tuner.builtin.anneal.AnnealFactory;
import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.builtin.cmaes.CmaesFactory;
import dev.sibyl.tuner.builtin.gp.GpFactory;
import dev.sibyl.tuner.builtin.gridsearch.GridSearchFactory;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Auto} (Sibyl's own, NNI has none): picks built-in strategies by the shape of the search space and the
 * budget ({@link AutoPlan}). classArgs: {@code optimize_mode} (default {@code maximize}, as most NNI tuners),
 * {@code seed}, and {@code maxTrialNumber}, the experiment's trial budget (default {@value #DEFAULT_BUDGET}).
 */
public final class AutoFactory implements TunerFactory {
    static final int DEFAULT_BUDGET = 100;
    static final int MAX_BUDGET = 100_000_000;

    @Override
    public String name() {
        return "Auto";
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        return ClassArgsCheck.violationsOf(check -> read(classArgs, check));
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        Args args = ClassArgsCheck.valid(check -> read(classArgs, check));
        AutoPlan plan = AutoPlan.of(SpaceShape.of(space), args.budget());
        long resolved = args.seed().orElse(seed);
        List<Tuner> tuners = new ArrayList<>();
        for (AutoPlan.Stage stage : plan.stages()) {
            // A warped stage sees losses, whatever the experiment's direction.
            OptimizeMode mode = stage.warped() ? OptimizeMode.MINIMIZE : args.mode();
            Settings delegated =
                    new Settings(Map.of("optimize_mode", mode.name().toLowerCase(Locale.ROOT)));
            tuners.add(factory(stage.tuner()).create(delegated, space, resolved));
        }
        return new AutoTuner(plan, tuners, args.mode());
    }

    private static TunerFactory factory(String name) {
        return switch (name) {
            case "GridSearch" -> new GridSearchFactory();
            case "GPTuner" -> new GpFactory();
            case "CMAES" -> new CmaesFactory();
            case "Anneal" -> new AnnealFactory();
            default -> throw new IllegalArgumentException("no stage tuner " + name);
        };
    }

    private record Args(OptimizeMode mode, Optional<Long> seed, int budget) {}

    private static Args read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(classArgs, Set.of("optimize_mode", "seed", "maxTrialNumber"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        int budget = (int) check.integer(classArgs, "maxTrialNumber", DEFAULT_BUDGET, 1, MAX_BUDGET);
        return new Args(mode, seed, budget);
    }
}
