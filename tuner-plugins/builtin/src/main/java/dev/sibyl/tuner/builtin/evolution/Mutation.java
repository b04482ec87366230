package dev.sibyl.tuner.builtin.evolution;

import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import java.util.random.RandomGenerator;

/**
 * The mutation shared by the evolutionary tuners: one active parameter of the parent is redrawn from its prior
 * (a {@code choice} or {@code randint} with more than one option moves to a different option); when that
 * parameter is a nested choice whose option changes, the newly activated sub-parameters are drawn from their
 * priors and the deactivated ones dropped. Parameters the parent lacks (a customized trial may hold anything)
 * are drawn from their priors as well.
 */
public final class Mutation {
    private Mutation() {}

    /** A child of {@code parent} (an encoded vector, left unchanged) differing in one active parameter. */
    public static double[] mutate(FlatSpace space, double[] parent, RandomGenerator rng) {
        double[] child = parent.clone();
        complete(space, child, rng);
        int active = 0;
        for (int i = 0; i < child.length; i++) {
            if (space.active(i, child)) {
                active++;
            }
        }
        int pick = rng.nextInt(active);
        int target = -1;
        for (int i = 0; i < child.length; i++) {
            if (space.active(i, child) && pick-- == 0) {
                target = i;
                break;
            }
        }
        FlatSpace.Param param = space.param(target);
        if (param.categorical() && param.size() > 1) {
            // A different option, uniformly among the others.
            long other = rng.nextLong(param.size() - 1);
            child[target] = other >= (long) child[target] ? other + 1 : other;
        } else {
            child[target] = space.samplePrior(target, rng);
        }
        complete(space, child, rng);
        return child;
    }

    /**
     * Makes {@code x} a valid vector in place: active parameters without a value are drawn from their priors,
     * inactive ones cleared. Parents come before children, so one pass suffices.
     */
    public static void complete(FlatSpace space, double[] x, RandomGenerator rng) {
        for (int i = 0; i < x.length; i++) {
            if (space.active(i, x)) {
                if (Double.isNaN(x[i])) {
                    x[i] = space.samplePrior(i, rng);
                }
            } else {
                x[i] = Double.NaN;
            }
        }
    }
}
