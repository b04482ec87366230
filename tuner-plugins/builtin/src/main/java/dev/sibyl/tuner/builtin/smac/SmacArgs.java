package dev.sibyl.tuner.builtin.smac;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import java.util.Set;

/** SMAC's classArgs, with NNI's names and defaults: {@code optimize_mode} (maximize), {@code config_dedup} (false). */
record SmacArgs(OptimizeMode mode, boolean configDedup) {

    static SmacArgs read(Settings classArgs, ClassArgsCheck check) {
        check.rejectUnknown(classArgs, Set.of("optimize_mode", "config_dedup"));
        OptimizeMode mode = check.read(() -> classArgs.optimizeMode(OptimizeMode.MAXIMIZE), OptimizeMode.MAXIMIZE);
        boolean dedup = check.read(() -> classArgs.getBoolean("config_dedup", false), false);
        return new SmacArgs(mode, dedup);
    }
}
