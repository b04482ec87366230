package dev.sibyl.tuner.builtin.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {
    private static final Kernel RBF = new Kernel(Double.POSITIVE_INFINITY, new double[] {1.0}, 1.0);

    @Test
    void posteriorMatchesAHandComputedTwoPointExample() {
        // Points 0 and 1 with targets 1 and 0, RBF kernel (l = 1, s² = 1), no noise.
        GaussianProcess gp = GaussianProcess.of(RBF, 0.0, new double[][] {{0}, {1}}, new double[] {1, 0});
        // K = [[1, e], [e, 1]] with e = exp(-1/2); K⁻¹ y = [1, -e] / (1 - e²).
        // At x* = 0.5: k* = [c, c] with c = exp(-1/8); mean = c (1 - e) / (1 - e²) = c / (1 + e);
        // variance = 1 - k*^T K⁻¹ k* = 1 - 2c² / (1 + e).
        double e = Math.exp(-0.5);
        double c = Math.exp(-0.125);
        double[] p = gp.predict(new double[] {0.5});
        assertThat(p[0]).isCloseTo(c / (1 + e), within(1e-12));
        assertThat(p[1]).isCloseTo(1 - 2 * c * c / (1 + e), within(1e-12));
        // At a training point the noiseless posterior interpolates with zero variance.
        double[] at0 = gp.predict(new double[] {0});
        assertThat(at0[0]).isCloseTo(1.0, within(1e-12));
        assertThat(at0[1]).isCloseTo(0.0, within(1e-12));
        // log p(y) = -y^T K⁻¹ y / 2 - log det K / 2 - log 2π = -1 / (2 (1 - e²)) - log(1 - e²) / 2 - log 2π
        assertThat(gp.logMarginalLikelihood())
                .isCloseTo(-1 / (2 * (1 - e * e)) - 0.5 * Math.log(1 - e * e) - Math.log(2 * Math.PI), within(1e-12));
    }

    @Test
    void maternKernelsHaveTheirClosedForms() {
        double r = 0.7;
        double[] a = {0};
        double[] b = {r};
        assertThat(new Kernel(0.5, new double[] {1}, 2).value(a, b)).isCloseTo(2 * Math.exp(-r), within(1e-15));
        assertThat(new Kernel(1.5, new double[] {1}, 1).value(a, b))
                .isCloseTo((1 + Math.sqrt(3) * r) * Math.exp(-Math.sqrt(3) * r), within(1e-15));
        assertThat(new Kernel(2.5, new double[] {2}, 1).value(a, new double[] {2 * r}))
                .isCloseTo((1 + Math.sqrt(5) * r + 5 * r * r / 3) * Math.exp(-Math.sqrt(5) * r), within(1e-15));
    }

    @Test
    void addingAPointGivesExactlyTheModelAFreshFitGives() {
        SplittableRandom rng = new SplittableRandom(9);
        Kernel k = new Kernel(2.5, new double[] {0.3, 0.6}, 1.3);
        double[][] x = new double[30][];
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            x[i] = new double[] {rng.nextDouble(), rng.nextDouble()};
            y[i] = Math.sin(5 * x[i][0]) + x[i][1];
        }
        GaussianProcess grown =
                GaussianProcess.of(k, 1e-6, java.util.Arrays.copyOf(x, 20), java.util.Arrays.copyOf(y, 20));
        for (int i = 20; i < 30; i++) {
            grown = grown.plus(x[i], y[i]);
        }
        GaussianProcess fresh = GaussianProcess.of(k, 1e-6, x, y);
        double[] probe = {0.42, 0.17};
        assertThat(grown.predict(probe)).containsExactly(fresh.predict(probe));
        assertThat(grown.logMarginalLikelihood()).isEqualTo(fresh.logMarginalLikelihood());
    }

    @Test
    void leaveOneOutResidualsMatchRefittingWithoutThePoint() {
        Kernel k = new Kernel(2.5, new double[] {0.4}, 1.0);
        double[][] x = {{0.1}, {0.3}, {0.5}, {0.8}};
        double[] y = {0.2, -0.4, 1.1, 0.3};
        double[][] loo = GaussianProcess.of(k, 1e-4, x, y).leaveOneOut();
        GaussianProcess without2 =
                GaussianProcess.of(k, 1e-4, new double[][] {{0.1}, {0.3}, {0.8}}, new double[] {0.2, -0.4, 0.3});
        double[] p = without2.predict(x[2]);
        assertThat(loo[0][2]).isCloseTo(y[2] - p[0], within(1e-8));
        assertThat(loo[1][2]).isCloseTo(p[1] + 1e-4, within(1e-8));
    }

    @Test
    void hyperparameterFitFindsTheRelevantCoordinate() {
        // y depends on the first coordinate only: its length scale must come out much shorter.
        SplittableRandom rng = new SplittableRandom(4);
        double[][] x = new double[40][];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i] = new double[] {rng.nextDouble(), rng.nextDouble()};
            y[i] = Math.sin(6 * x[i][0]);
        }
        HyperparameterFit.Fitted f = HyperparameterFit.fit(x, y, 2.5, 1e-6, 1);
        double[] l = f.kernel().lengthScales();
        assertThat(l[0]).isLessThan(l[1] / 3);
    }
}
