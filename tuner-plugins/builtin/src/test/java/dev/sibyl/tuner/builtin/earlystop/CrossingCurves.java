package dev.sibyl.tuner.builtin.earlystop;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic task of {@code /work/shared/bench/smoke_early_stop.py}, ported: 60 configurations (learning
 * rate log-uniform in [1e-5, 1e-1], width one of 32..512), 30 epochs each. A configuration's curve rises
 * towards its final accuracy at a speed that falls with width and with small learning rates, so slow starters
 * can end best and the curves cross. numpy's stream cannot be reproduced in Java: the same distribution is
 * drawn from a seeded {@link SplittableRandom}.
 */
record CrossingCurves(List<Config> configs, double noise, long seed) {
    static final int TRIALS = 60;
    static final int EPOCHS = 30;
    private static final int[] WIDTHS = {32, 64, 128, 256, 512};

    /** One configuration. */
    record Config(double lr, int width) {
        double finalAccuracy() {
            double l = Math.log10(lr) + 3;
            double w = log2(width) - 8;
            return Math.max(0.0, 0.95 - 0.04 * l * l - 0.02 * w * w);
        }

        /** Accuracy after epoch {@code t} (1-based). */
        double at(int t) {
            double tau = 2.0 + 3.0 * (log2(width) - 5) + 4.0 * Math.max(0.0, -3 - Math.log10(lr));
            return finalAccuracy() * (1 - Math.exp(-t / tau));
        }

        private static double log2(double x) {
            return Math.log(x) / Math.log(2);
        }
    }

    static CrossingCurves generate(long seed) {
        return generate(seed, 0.0);
    }

    /**
     * The task with Gaussian noise of standard deviation {@code noise} added to every reported accuracy (not in
     * the original script; a robustness check), drawn per configuration so that it does not depend on which
     * epochs an assessor lets run.
     */
    static CrossingCurves generate(long seed, double noise) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Config> out = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
            double lr = Math.pow(10, -5 + 4 * rng.nextDouble());
            out.add(new Config(lr, WIDTHS[rng.nextInt(WIDTHS.length)]));
        }
        return new CrossingCurves(out, noise, seed);
    }

    /**
     * The script's own 60 configurations, {@code configs(seed=0)} drawn by numpy and exported once to {@code
     * earlystop/smoke-configs-seed0.csv} (the command is in the file), so that Optuna's and NNI's published
     * figures can be compared on the very same task.
     */
    static CrossingCurves script() {
        try (var in = CrossingCurves.class.getResourceAsStream("/earlystop/smoke-configs-seed0.csv")) {
            if (in == null) {
                throw new IllegalStateException("missing resource earlystop/smoke-configs-seed0.csv");
            }
            List<Config> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.trim().split(",");
                out.add(new Config(Double.parseDouble(cells[0]), Integer.parseInt(cells[1])));
            }
            if (out.size() != TRIALS) {
                throw new IllegalStateException("expected " + TRIALS + " configurations, got " + out.size());
            }
            return new CrossingCurves(out, 0.0, 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The accuracies configuration {@code i} reports at epochs 1..30, noise included. */
    double[] reported(int i) {
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + i);
        double[] out = new double[EPOCHS];
        for (int t = 1; t <= EPOCHS; t++) {
            out[t - 1] = configs.get(i).at(t) + noise * rng.nextGaussian();
        }
        return out;
    }

    /** Index of the configuration with the highest accuracy at the last epoch. */
    int trueBest() {
        int best = 0;
        for (int i = 1; i < configs.size(); i++) {
            if (configs.get(i).at(EPOCHS) > configs.get(best).at(EPOCHS)) {
                best = i;
            }
        }
        return best;
    }
}
