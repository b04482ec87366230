package dev.sibyl.tuner.builtin.dngo;

import java.util.random.RandomGenerator;

/**
 * Random Fourier features of an RBF kernel with length scales {@code l_i} (A. Rahimi, B. Recht, "Random Features
 * for Large-Scale Kernel Machines", NeurIPS 2007): {@code φ_k(x) = sqrt(2/D) cos(w_k · x + b_k)}, {@code w_k ~ N(0,
 * diag(1 / l_i²))}, {@code b_k ~ U[0, 2π)}, plus a constant feature 1.
 */
final class FourierFeatures {
    private final double[][] w;
    private final double[] b;

    /** Features with one length scale per input; the same generator state gives the same directions. */
    FourierFeatures(int count, double[] lengthScales, RandomGenerator rng) {
        int inputs = lengthScales.length;
        w = new double[count][inputs];
        b = new double[count];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < inputs; i++) {
                w[k][i] = rng.nextGaussian() / lengthScales[i];
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
