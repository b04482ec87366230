package dev.sibyl.tuner.builtin.pbt;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import java.util.Objects;
import java.util.Set;

/**
 * PBT's classArgs, with NNI's names and defaults: {@code optimize_mode} (maximize), {@code all_checkpoint_dir},
 * {@code population_size} (10), {@code factor} (0.2), {@code resample_probability} (0.25), {@code fraction}
 * (0.2).
 *
 * <p>NNI defaults {@code all_checkpoint_dir} to the environment variable {@code NNI_CHECKPOINT_DIRECTORY} of the
 * tuner process. A Sibyl tuner is a pure function of its inputs and reads no environment, so the experiment
 * driver is expected to pass the directory in classArgs; when it is absent the relative directory {@value
 * #DEFAULT_CHECKPOINT_DIR} is used, which only works when every trial runs in the same working directory.
 */
record PbtArgs(
        OptimizeMode mode,
        String allCheckpointDir,
        int populationSize,
        double factor,
        double resampleProbability,
        double fraction) {

    static final String DEFAULT_CHECKPOINT_DIR = "checkpoint";

    PbtArgs {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(allCheckpointDir, "allCheckpointDir");
    }

    static PbtArgs read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(
                classArgs,
                Set.of(
                        "optimize_mode",
                        "all_checkpoint_dir",
                        "population_size",
                        "factor",
                        "resample_probability",
                        "fraction"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        String dir = check.read(
                () -> classArgs.getString("all_checkpoint_dir", DEFAULT_CHECKPOINT_DIR), DEFAULT_CHECKPOINT_DIR);
        check.require(!dir.isBlank(), classArgs.path() + ".all_checkpoint_dir", "must be a non-empty directory path");
        int population = (int) check.integer(classArgs, "population_size", 10, 1, 99_999);
        double factor = check.number(classArgs, "factor", 0.2, 0, false);
        double resample = check.number(classArgs, "resample_probability", 0.25, 0, false);
        check.require(
                resample <= 1, classArgs.path() + ".resample_probability", "must be between 0 and 1, got " + resample);
        double fraction = check.number(classArgs, "fraction", 0.2, 0, true);
        check.require(fraction <= 1, classArgs.path() + ".fraction", "must be in (0, 1], got " + fraction);
        return new PbtArgs(mode, dir, population, factor, Math.min(resample, 1), Math.min(fraction, 1));
    }
}
