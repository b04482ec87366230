package dev.sibyl.tuner.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The six-dimensional Hartmann function on the unit cube (the textbook definition, as in the shared benchmark's
 * {@code hartmann6} objective): the space and the values the latency benchmarks feed to the tuners.
 */
final class Hartmann6 {
    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {
        {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}
    };
    private static final double[][] P = {
        {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
        {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
        {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
        {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}
    };

    private Hartmann6() {}

    /** {@code {"x0": uniform [0, 1], ..., "x5": uniform [0, 1]}}. */
    static Map<String, Object> space() {
        Map<String, Object> space = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            space.put("x" + i, Map.of("_type", "uniform", "_value", java.util.List.of(0, 1)));
        }
        return space;
    }

    static double value(Map<String, Object> parameters) {
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            double exponent = 0;
            for (int i = 0; i < 6; i++) {
                double d = ((Number) parameters.get("x" + i)).doubleValue() - P[k][i];
                exponent += A[k][i] * d * d;
            }
            sum += ALPHA[k] * Math.exp(-exponent);
        }
        return -sum;
    }
}
