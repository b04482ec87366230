package dev.sibyl.tuner.builtin.curvefitting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class CurveForecastTest {
    private static List<Double> curve(int steps, IntToDoubleFunction f) {
        List<Double> out = new ArrayList<>();
        for (int t = 1; t <= steps; t++) {
            out.add(f.applyAsDouble(t));
        }
        return out;
    }

    @Test
    void predictsASaturatingExponentialCurvesFinalValue() {
        IntToDoubleFunction f = t -> 0.9 * (1 - Math.exp(-t / 5.0));
        assertThat(CurveForecast.at(curve(8, f), 30)).hasValueCloseTo(f.applyAsDouble(30), within(0.01));
    }

    @Test
    void predictsAPowerLawCurvesFinalValue() {
        IntToDoubleFunction f = t -> 0.85 - 0.6 * Math.pow(t, -0.8);
        assertThat(CurveForecast.at(curve(10, f), 40)).hasValueCloseTo(f.applyAsDouble(40), within(0.02));
    }

    @Test
    void predictsANoisySaturatingCurveWithinTheNoiseScale() {
        SplittableRandom rng = new SplittableRandom(3);
        IntToDoubleFunction clean = t -> 0.8 * (1 - Math.exp(-t / 4.0));
        List<Double> noisy = curve(15, t -> clean.applyAsDouble(t) + 0.005 * rng.nextGaussian());
        assertThat(CurveForecast.at(noisy, 30)).hasValueCloseTo(clean.applyAsDouble(30), within(0.03));
    }

    @Test
    void fitsEachFamilyToItsOwnShape() {
        double[] p = {0.9, 0.1, 0.2, 1.3};
        double[] y = new double[12];
        for (int i = 0; i < y.length; i++) {
            y[i] = CurveFamily.WEIBULL.value(i + 1, p);
        }
        CurveFamily.Shape shape = new CurveFamily.Shape(y[0], y[y.length - 1], y.length);
        double best = Double.POSITIVE_INFINITY;
        for (double[] start : CurveFamily.WEIBULL.starts(shape)) {
            best = Math.min(
                    best, LeastSquares.fit(CurveFamily.WEIBULL, y, start).sse());
        }
        assertThat(best).isLessThan(1e-8);
    }

    @Test
    void withholdsAForecastForAFlatZeroOrNonFiniteCurve() {
        assertThat(CurveForecast.at(List.of(0.0, 0.0, 0.0, 0.0), 10)).isEmpty();
        assertThat(CurveForecast.at(List.of(0.1, Double.NaN, 0.3, 0.4), 10)).isEmpty();
        assertThat(CurveForecast.at(List.of(0.5), 10)).isEmpty();
    }
}
