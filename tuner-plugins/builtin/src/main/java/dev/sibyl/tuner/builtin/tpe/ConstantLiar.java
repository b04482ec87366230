package dev.sibyl.tuner.builtin.tpe;

/**
 * The loss TPE pretends pending parameter sets got, so that parallel proposals spread out (Bergstra 2011,
 * section 6.1; NNI's {@code constant_liar_type}).
 */
enum ConstantLiar {
    /** The best loss so far: pulls towards good regions; suits few trials. */
    BEST,
    /** The worst loss so far: pushes away from pending points; suits many trials. */
    WORST,
    /** The mean loss so far. */
    MEAN;

    /** The lie for the real losses seen so far; 0 when there are none (every record is then a lie). */
    double lie(double[] losses, int count) {
        if (count == 0) {
            return 0.0;
        }
        double acc = this == MEAN ? 0 : losses[0];
        for (int i = 0; i < count; i++) {
            double v = losses[i];
            switch (this) {
                case BEST -> acc = Math.min(acc, v);
                case WORST -> acc = Math.max(acc, v);
                case MEAN -> acc += v;
            }
        }
        return this == MEAN ? acc / count : acc;
    }
}
