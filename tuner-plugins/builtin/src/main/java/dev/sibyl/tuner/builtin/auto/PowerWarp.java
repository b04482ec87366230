package dev.sibyl.tuner.builtin.auto;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reshapes the results a Gaussian process sees so that they look normal: losses spanning orders of magnitude (a
 * narrow valley in a huge plateau, as Rosenbrock's) otherwise flatten the model everywhere except at the worst
 * points. Each loss becomes {@code z = loss - best + offset} with {@code offset = }{@value #OFFSET}{@code  x
 * spread}, then the Box-Cox power {@code (z^lambda - 1) / lambda} ({@code ln z} at 0), lambda in [0, 1] chosen by
 * maximum likelihood of normality (Box and Cox 1964; HEBO, Cowen-Rivers et al. 2022, warps its targets the same
 * way). Results that already look normal keep lambda = 1, a shift of the raw losses.
 */
final class PowerWarp {
    static final double OFFSET = 0.01;
    private static final int GRID = 20;

    private PowerWarp() {}

    /** {@code history} with every final value replaced by its warped loss, to be minimized. */
    static History of(History history, OptimizeMode mode) {
        List<Observation> observations = history.observations();
        double best = Double.POSITIVE_INFINITY;
        double worst = Double.NEGATIVE_INFINITY;
        List<Double> losses = new ArrayList<>();
        for (Observation o : observations) {
            if (o.hasValue() && Double.isFinite(o.value())) {
                double loss = mode.toLoss(o.value());
                best = Math.min(best, loss);
                worst = Math.max(worst, loss);
                losses.add(loss);
            }
        }
        if (losses.size() < 3 || !(worst > best)) {
            return asLosses(history, mode, best, 0, 1);
        }
        double offset = OFFSET * (worst - best);
        double lambda = bestLambda(losses, best, offset);
        return asLosses(history, mode, best, offset, lambda);
    }

    private static History asLosses(History history, OptimizeMode mode, double best, double offset, double lambda) {
        List<Observation> out = new ArrayList<>(history.size());
        for (Observation o : history.observations()) {
            if (o.hasValue() && Double.isFinite(o.value())) {
                double z = mode.toLoss(o.value()) - best + offset;
                out.add(new Observation(
                        o.parameterId(), o.parameters(), o.outcome(), power(z, lambda), o.intermediate()));
            } else {
                out.add(o);
            }
        }
        return new History(out);
    }

    /** The lambda of {0, 1/GRID, ..., 1} maximizing the Box-Cox profile log-likelihood. */
    private static double bestLambda(List<Double> losses, double best, double offset) {
        int n = losses.size();
        double sumLog = 0;
        for (double loss : losses) {
            sumLog += Math.log(loss - best + offset);
        }
        double chosen = 1;
        double top = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= GRID; k++) {
            double lambda = (double) k / GRID;
            double mean = 0;
            for (double loss : losses) {
                mean += power(loss - best + offset, lambda) / n;
            }
            double variance = 0;
            for (double loss : losses) {
                double d = power(loss - best + offset, lambda) - mean;
                variance += d * d / n;
            }
            double likelihood = -0.5 * n * Math.log(variance) + (lambda - 1) * sumLog;
            if (likelihood > top) {
                top = likelihood;
                chosen = lambda;
            }
        }
        return chosen;
    }

    private static double power(double z, double lambda) {
        return lambda == 0 ? Math.log(z) : (Math.pow(z, lambda) - 1) / lambda;
    }
}
