package dev.sibyl.tuner.builtin.curvefitting;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Extrapolates a learning curve to a later epoch with a weighted combination of parametric families (Domhan et
 * al. 2015). Domhan and NNI weight the families by MCMC over their posterior; Sibyl replaces the sampling by a
 * deterministic weighting so that the verdict is a pure function of the curve:
 *
 * <ol>
 *   <li>Each {@link CurveFamily} is fitted by least squares from three starting points; the best fit is kept.
 *   <li>A fit takes part when it is finite, explains the curve better than predicting zero everywhere (NNI's
 *       filter), and is a plausible learning curve: not lower at the target epoch than at the first or the last
 *       observed epoch (Domhan's prior that curves increase).
 *   <li>Weights are Akaike weights (Burnham and Anderson 2002): {@code exp(-AIC/2)} with {@code AIC = n ln(SSE
 *       / n) + 2k}, i.e. each family's Gaussian likelihood at its own noise level, penalised by its parameter
 *       count. The residual error is floored at a tiny fraction of the curve's scale so that exact fits tie.
 *   <li>With fewer than {@link #MIN_FAMILIES} taking part the forecast is withheld (NNI also asks for more
 *       information when too few families agree).
 * </ol>
 */
public final class CurveForecast {
    /** Families that must take part for a forecast. */
    static final int MIN_FAMILIES = 3;

    private CurveForecast() {}

    /** One family's forecast at the target epoch and its Akaike weight relative to the best family (≤ 1). */
    public record FamilyForecast(String family, double forecast, double relativeWeight) {}

    /** The forecast value of {@code curve} (epochs 1..n) at {@code target} (≥ 1), or empty when withheld. */
    public static OptionalDouble at(List<Double> curve, int target) {
        List<FamilyForecast> forecasts = families(curve, target);
        if (forecasts.size() < MIN_FAMILIES) {
            return OptionalDouble.empty();
        }
        double total = 0;
        double weighted = 0;
        for (FamilyForecast f : forecasts) {
            total += f.relativeWeight();
            weighted += f.relativeWeight() * f.forecast();
        }
        return OptionalDouble.of(weighted / total);
    }

    /**
     * The forecasts at {@code target} of every family that takes part (steps 1 to 3 above), in family order;
     * empty when the curve is too short or not finite.
     */
    public static List<FamilyForecast> families(List<Double> curve, int target) {
        int n = curve.size();
        double[] y = new double[n];
        double sumSquares = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            y[i] = curve.get(i);
            if (!Double.isFinite(y[i])) {
                return List.of();
            }
            sumSquares += y[i] * y[i];
            scale = Math.max(scale, Math.abs(y[i]));
        }
        if (n < 2 || scale == 0) {
            return List.of();
        }
        double floor = n * Math.pow(1e-6 * scale, 2);
        CurveFamily.Shape shape = new CurveFamily.Shape(y[0], y[n - 1], n);
        List<double[]> candidates = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (CurveFamily family : CurveFamily.values()) {
            LeastSquares.Fit best = null;
            for (double[] start : family.starts(shape)) {
                LeastSquares.Fit fit = LeastSquares.fit(family, y, start);
                if (fit.ok() && (best == null || fit.sse() < best.sse())) {
                    best = fit;
                }
            }
            if (best == null || !(best.sse() < sumSquares)) {
                continue;
            }
            double atTarget = family.value(target, best.parameters());
            double atFirst = family.value(1, best.parameters());
            double atLast = family.value(n, best.parameters());
            if (!Double.isFinite(atTarget) || atTarget < atFirst || atTarget < atLast - 1e-9 * scale) {
                continue;
            }
            double aic = n * Math.log(Math.max(best.sse(), floor) / n) + 2 * family.parameters();
            candidates.add(new double[] {atTarget, aic});
            names.add(family.name());
        }
        double bestAic = Double.POSITIVE_INFINITY;
        for (double[] c : candidates) {
            bestAic = Math.min(bestAic, c[1]);
        }
        List<FamilyForecast> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            double[] c = candidates.get(i);
            out.add(new FamilyForecast(names.get(i), c[0], Math.exp(-(c[1] - bestAic) / 2)));
        }
        return out;
    }
}
