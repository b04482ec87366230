package dev.sibyl.tuner.builtin.tpe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * TPE's density over the options of a categorical parameter: weighted counts of the observed options plus
 * {@code priorWeight} pseudo-observations of every option, {@code p(k) = (c_k + w) / (C + size * w)}. Kept
 * sparse, so a {@code randint} with millions of values costs only what was observed.
 */
final class CategoricalPosterior {
    private final Map<Long, Double> counts = new LinkedHashMap<>();
    private final long size;
    private final double pseudoCount;
    private final double observed;
    private final double total;

    CategoricalPosterior(long[] options, double[] weights, long size, double priorWeight) {
        double sum = 0;
        for (int i = 0; i < options.length; i++) {
            counts.merge(options[i], weights[i], Double::sum);
            sum += weights[i];
        }
        this.size = size;
        this.observed = sum;
        double t = sum + size * priorWeight;
        // Nothing observed and no prior mass: fall back to the uniform prior.
        this.pseudoCount = t > 0 ? priorWeight : 1.0;
        this.total = t > 0 ? t : size;
    }

    double logProbability(long option) {
        return Math.log((counts.getOrDefault(option, 0.0) + pseudoCount) / total);
    }

    long sample(RandomGenerator rng) {
        double u = rng.nextDouble() * total;
        if (u < observed) {
            double acc = 0;
            long last = -1;
            for (Map.Entry<Long, Double> e : counts.entrySet()) {
                acc += e.getValue();
                last = e.getKey();
                if (u < acc) {
                    return last;
                }
            }
            return last;
        }
        return rng.nextLong(size);
    }
}
