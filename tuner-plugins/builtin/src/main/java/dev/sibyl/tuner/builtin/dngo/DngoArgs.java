package dev.sibyl.tuner.builtin.dngo;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import java.util.Optional;
import java.util.Set;

/**
 * DNGOTuner's classArgs with NNI's names and defaults: {@code optimize_mode} (maximize), {@code sample_size}
 * (1000), {@code trials_per_update} (20), {@code num_epochs_per_training} (500), and {@code seed}.
 */
record DngoArgs(OptimizeMode mode, Optional<Long> seed, int sampleSize, int trialsPerUpdate, int epochsPerTraining) {

    static final int MAX_SAMPLE_SIZE = 1_000_000;

    static DngoArgs read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(
                classArgs,
                Set.of("optimize_mode", "seed", "sample_size", "trials_per_update", "num_epochs_per_training"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        Optional<Long> seed = check.read(() -> classArgs.getLong("seed"), Optional.empty());
        int sample = (int) check.integer(classArgs, "sample_size", 1000, 1, MAX_SAMPLE_SIZE);
        int perUpdate = (int) check.integer(classArgs, "trials_per_update", 20, 1, Integer.MAX_VALUE);
        int epochs = (int) check.integer(classArgs, "num_epochs_per_training", 500, 1, Integer.MAX_VALUE);
        return new DngoArgs(mode, seed, sample, perUpdate, epochs);
    }
}
