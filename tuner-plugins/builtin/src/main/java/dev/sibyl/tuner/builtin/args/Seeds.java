package dev.sibyl.tuner.builtin.args;

import dev.sibyl.tuner.spi.Settings;
import java.util.SplittableRandom;

/**
 * Seeds of the built-in algorithms. Randomness is never kept as mutable state between calls: each proposal
 * draws from a generator derived from the experiment seed and the proposal's position in the history, so a
 * tuner rebuilt from history draws exactly what the live one drew.
 */
public final class Seeds {
    private Seeds() {}

    /** The {@code seed} classArg when present, else {@code fallback} (the experiment seed). */
    public static long resolve(Settings classArgs, long fallback) {
        return classArgs.getLong("seed").orElse(fallback);
    }

    /** The generator for the proposal at {@code position} (0 for the first parameter set of the experiment). */
    public static SplittableRandom forProposal(long seed, long position) {
        // Both inputs go through a full avalanche so that nearby seeds and positions give unrelated streams.
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        h = mix(h + 0x9E3779B97F4A7C15L * (position + 1));
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
