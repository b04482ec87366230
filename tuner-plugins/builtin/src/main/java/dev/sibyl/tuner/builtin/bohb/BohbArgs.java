package dev.sibyl.tuner.builtin.bohb;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import java.util.Optional;
import java.util.Set;

/**
 * BOHB's classArgs with NNI's defaults: {@code optimize_mode} ({@code maximize}), {@code min_budget} (1), {@code
 * max_budget} (3), {@code eta} (3), {@code min_points_in_model} (null: the number of parameters + 1), {@code
 * top_n_percent} (15), {@code num_samples} (64), {@code random_fraction} (1/3), {@code bandwidth_factor} (3),
 * {@code min_bandwidth} (1e-3), {@code config_space} (accepted and not read: Sibyl takes the space from the NNI
 * search space file) and Sibyl's {@code seed}.
 */
record BohbArgs(
        OptimizeMode mode,
        double minBudget,
        double maxBudget,
        int eta,
        Optional<Integer> minPointsInModel,
        int topNPercent,
        int numSamples,
        double randomFraction,
        double bandwidthFactor,
        double minBandwidth,
        Optional<Long> seed) {

    static final Set<String> ACCEPTED = Set.of(
            "optimize_mode",
            "min_budget",
            "max_budget",
            "eta",
            "min_points_in_model",
            "top_n_percent",
            "num_samples",
            "random_fraction",
            "bandwidth_factor",
            "min_bandwidth",
            "config_space",
            "seed");

    static BohbArgs read(Settings s, ClassArgsCheck check) {
        check.rejectUnknown(s, ACCEPTED);
        OptimizeMode mode = check.read(() -> s.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        double min = check.number(s, "min_budget", 1, 0, true);
        double max = check.number(s, "max_budget", 3, 0, true);
        check.require(max >= min, s.path() + ".max_budget", "must be >= min_budget (" + min + "), got " + max);
        long eta = check.integer(s, "eta", 3, 2, 1_000_000L);
        Optional<Integer> minPoints = s.has("min_points_in_model")
                ? Optional.of((int) check.integer(s, "min_points_in_model", 0, 0, 1_000_000L))
                : Optional.empty();
        long top = check.integer(s, "top_n_percent", 15, 1, 99);
        long samples = check.integer(s, "num_samples", 64, 1, 1_000_000L);
        double fraction = check.number(s, "random_fraction", 1.0 / 3, 0, false);
        check.require(fraction <= 1, s.path() + ".random_fraction", "must be <= 1, got " + fraction);
        double factor = check.number(s, "bandwidth_factor", 3, 0, true);
        double minBandwidth = check.number(s, "min_bandwidth", 1e-3, 0, false);
        check.read(() -> s.getString("config_space", null), null);
        Optional<Long> seed = check.read(() -> s.getLong("seed"), Optional.empty());
        return new BohbArgs(
                mode,
                min,
                Math.max(min, max),
                (int) eta,
                minPoints,
                (int) top,
                (int) samples,
                Math.min(1, fraction),
                factor,
                minBandwidth,
                seed);
    }
}
