package dev.sibyl.tuner.builtin.tpe;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TPE's classArgs, with NNI's names and meanings: {@code optimize_mode} (minimize), {@code seed}, and {@code
 * tpe_args} {@code {constant_liar_type: best|worst|mean|null = best, n_startup_jobs = 10, n_ei_candidates = 24,
 * linear_forgetting = 25, prior_weight = 1.0, gamma}}. Two defaults differ from NNI's (20 start-up jobs,
 * gamma 0.25): without {@code n_startup_jobs} the warm-up is 10 records, and without {@code gamma} the below
 * group is the best tenth rather than {@code ceil(gamma * sqrt(m))}; a value given explicitly means what it
 * means in NNI.
 *
 * @param liar null for no constant liar
 * @param gamma NaN when not given
 */
record TpeArgs(
        OptimizeMode mode,
        Optional<Long> seed,
        ConstantLiar liar,
        int nStartupJobs,
        int nEiCandidates,
        int linearForgetting,
        double priorWeight,
        double gamma) {

    static final int MAX_EI_CANDIDATES = 100_000;
    static final int DEFAULT_STARTUP_JOBS = 10;

    /**
     * Size of the "below" group among m records. With {@code gamma} set, NNI's {@code min(ceil(gamma *
     * sqrt(m)), linear_forgetting)}; by default the best tenth, {@code min(ceil(0.1 m), linear_forgetting)}.
     */
    int belowCount(int m) {
        double raw = Double.isNaN(gamma) ? Math.ceil(0.1 * m) : Math.ceil(gamma * Math.sqrt(m));
        return (int) Math.min(Math.min(raw, linearForgetting), m);
    }

    /** Reads {@code classArgs}, recording every problem in {@code check}. */
    static TpeArgs read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(classArgs, Set.of("optimize_mode", "seed", "tpe_args"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MINIMIZE), OptimizeMode.MINIMIZE);
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        Settings tpe = check.read(
                () -> classArgs.getSettings("tpe_args"), new Settings(Map.of(), classArgs.path() + ".tpe_args"));
        check.rejectUnknown(
                tpe,
                Set.of(
                        "constant_liar_type",
                        "n_startup_jobs",
                        "n_ei_candidates",
                        "linear_forgetting",
                        "prior_weight",
                        "gamma"));
        ConstantLiar liar = liar(tpe, check);
        int startup = (int) check.integer(tpe, "n_startup_jobs", DEFAULT_STARTUP_JOBS, 0, Integer.MAX_VALUE);
        int candidates = (int) check.integer(tpe, "n_ei_candidates", 24, 1, MAX_EI_CANDIDATES);
        int forgetting = (int) check.integer(tpe, "linear_forgetting", 25, 1, Integer.MAX_VALUE);
        double priorWeight = check.number(tpe, "prior_weight", 1.0, 0, false);
        double gamma = tpe.asMap().containsKey("gamma") ? check.number(tpe, "gamma", 0.25, 0, true) : Double.NaN;
        return new TpeArgs(mode, seed, liar, startup, candidates, forgetting, priorWeight, gamma);
    }

    private static ConstantLiar liar(Settings tpe, ClassArgsCheck check) {
        if (!tpe.asMap().containsKey("constant_liar_type")) {
            return ConstantLiar.BEST;
        }
        Object value = tpe.asMap().get("constant_liar_type");
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "best":
                    return ConstantLiar.BEST;
                case "worst":
                    return ConstantLiar.WORST;
                case "mean":
                    return ConstantLiar.MEAN;
                default:
                    break;
            }
        }
        check.require(
                false,
                tpe.path() + ".constant_liar_type",
                "must be \"best\", \"worst\", \"mean\" or null, got " + value);
        return ConstantLiar.BEST;
    }
}
