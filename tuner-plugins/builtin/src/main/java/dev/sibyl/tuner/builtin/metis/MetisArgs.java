package dev.sibyl.tuner.builtin.metis;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import java.util.Optional;
import java.util.Set;

/**
 * MetisTuner's classArgs with NNI's names and defaults: {@code optimize_mode} (maximize), {@code no_resampling}
 * (true), {@code no_candidates} (false), {@code selection_num_starting_points} (600), {@code cold_start_num} (10),
 * {@code exploration_probability} (0.9), and {@code seed}.
 */
record MetisArgs(
        OptimizeMode mode,
        Optional<Long> seed,
        boolean noResampling,
        boolean noCandidates,
        int startingPoints,
        int coldStartNum,
        double explorationProbability) {

    static MetisArgs read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(
                classArgs,
                Set.of(
                        "optimize_mode",
                        "seed",
                        "no_resampling",
                        "no_candidates",
                        "selection_num_starting_points",
                        "cold_start_num",
                        "exploration_probability"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        boolean noResampling = check.read(() -> classArgs.getBoolean("no_resampling", true), true);
        boolean noCandidates = check.read(() -> classArgs.getBoolean("no_candidates", false), false);
        int starts = (int) check.integer(classArgs, "selection_num_starting_points", 600, 1, Integer.MAX_VALUE);
        int cold = (int) check.integer(classArgs, "cold_start_num", 10, 1, Integer.MAX_VALUE);
        double p = check.number(classArgs, "exploration_probability", 0.9, 0, false);
        check.require(p <= 1, classArgs.path() + ".exploration_probability", "must be between 0 and 1, got " + p);
        return new MetisArgs(mode, seed, noResampling, noCandidates, starts, cold, Math.min(p, 1));
    }
}
