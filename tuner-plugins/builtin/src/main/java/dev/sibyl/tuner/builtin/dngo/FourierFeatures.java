package dev.sibyl.tuner.builtin.dngo;

import java.util.random.RandomGenerator;

/**
 * Random Fourier features of an RBF kernel with length scale {@code l} (A. Rahimi, B. Recht, "Random Features
 * for Large-Scale Kernel Machines", NeurIPS 2007): {@code φ_k(x) = sqrt(2/D) cos(w_k · x + b_k)}, {@code w_k ~ N(0,
 * I / l²)}, {@code b_k ~ U[0, 2π)}, plus a constant feature 1.
 */
final class FourierFeatures {
    private final double[][] w;
    private final double[] b;

    FourierFeatures(int inputs, int count, double lengthScale, RandomGenerator rng) {
        w = new double[count][inputs];
        b = new double[count];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < inputs; i++) {
                w[k][i] = rng.nextGaussian() / lengthScale;
            }
            b[k] = rng.nextDouble() * 2 * Math.PI;
        }
    }

    /** {@code count + 1} features of {@code x}. */
    double[] of(double[] x) {
        int count = w.length;
        double[] out = new double[count + 1];
        double scale = Math.sqrt(2.0 / count);
        for (int k = 0; k < count; k++) {
            double t = b[k];
            double[] wk = w[k];
            for (int i = 0; i < x.length; i++) {
                t += wk[i] * x[i];
            }
            out[k] = scale * Math.cos(t);
        }
        out[count] = 1.0;
        return out;
    }
}
