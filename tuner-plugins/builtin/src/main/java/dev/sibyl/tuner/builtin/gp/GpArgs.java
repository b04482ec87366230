package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * GPTuner's classArgs with NNI's names and defaults: {@code optimize_mode} (maximize), {@code utility} ({@code
 * ei}|{@code ucb}|{@code poi}, ei), {@code kappa} (5), {@code xi} (0), {@code nu} (2.5; 0.5, 1.5, 2.5, or {@code
 * "inf"} for the RBF kernel), {@code alpha} (1e-6), {@code cold_start_num} (10), {@code selection_num_warm_up}
 * (100000), {@code selection_num_starting_points} (250), and {@code seed}.
 */
record GpArgs(
        OptimizeMode mode,
        Optional<Long> seed,
        Acquisition utility,
        double kappa,
        double xi,
        double nu,
        double alpha,
        int coldStartNum,
        int warmUp,
        int startingPoints) {

    static GpArgs read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(
                classArgs,
                Set.of(
                        "optimize_mode",
                        "seed",
                        "utility",
                        "kappa",
                        "xi",
                        "nu",
                        "alpha",
                        "cold_start_num",
                        "selection_num_warm_up",
                        "selection_num_starting_points"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        String utilityText = check.read(() -> classArgs.getString("utility", "ei"), "ei");
        Acquisition utility = Acquisition.EI;
        try {
            utility = Acquisition.parse(utilityText);
        } catch (IllegalArgumentException e) {
            check.require(false, classArgs.path() + ".utility", e.getMessage());
        }
        double kappa = check.number(classArgs, "kappa", 5, 0, false);
        double xi = check.number(classArgs, "xi", 0, 0, false);
        double nu = nu(classArgs, check);
        double alpha = check.number(classArgs, "alpha", 1e-6, 0, true);
        int cold = (int) check.integer(classArgs, "cold_start_num", 10, 1, Integer.MAX_VALUE);
        int warmUp = (int) check.integer(classArgs, "selection_num_warm_up", 100_000, 1, Integer.MAX_VALUE);
        int starts = (int) check.integer(classArgs, "selection_num_starting_points", 250, 1, Integer.MAX_VALUE);
        return new GpArgs(mode, seed, utility, kappa, xi, nu, alpha, cold, warmUp, starts);
    }

    private static double nu(Settings classArgs, ClassArgsCheck check) {
        Object value = classArgs.asMap().get("nu");
        if (value == null) {
            return 2.5;
        }
        if (value instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("inf") || t.equals("infinity")) {
                return Double.POSITIVE_INFINITY;
            }
        } else if (value instanceof Number n && !(value instanceof Boolean)) {
            double v = n.doubleValue();
            if (v == 0.5 || v == 1.5 || v == 2.5 || v == Double.POSITIVE_INFINITY) {
                return v;
            }
        }
        check.require(false, classArgs.path() + ".nu", "must be 0.5, 1.5, 2.5 or \"inf\" (RBF), got " + value);
        return 2.5;
    }
}
