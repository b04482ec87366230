package dev.sibyl.scheduler.fairshare;

/**
 * Weighted max-min fair shares by water-filling: capacity is split in proportion to weight, no
 * one gets more than it asks for, and what a capped party leaves is split among the others.
 */
public final class WeightedMaxMin {
    private WeightedMaxMin() {}

    /** Each party's share of {@code capacity}, in the order of {@code weights} and {@code demands}. */
    public static double[] shares(double capacity, double[] weights, double[] demands) {
        int n = weights.length;
        double[] share = new double[n];
        boolean[] capped = new boolean[n];
        double left = capacity;
        while (left > 1e-9) {
            double weight = 0;
            for (int i = 0; i < n; i++) {
                if (!capped[i] && demands[i] > 0) {
                    weight += weights[i];
                }
            }
            if (weight == 0) {
                break;
            }
            double perWeight = left / weight;
            boolean anyCapped = false;
            for (int i = 0; i < n; i++) {
                if (!capped[i] && demands[i] > 0 && demands[i] - share[i] <= perWeight * weights[i]) {
                    anyCapped = true;
                }
            }
            if (!anyCapped) {
                for (int i = 0; i < n; i++) {
                    if (!capped[i] && demands[i] > 0) {
                        share[i] += perWeight * weights[i];
                    }
                }
                break;
            }
            for (int i = 0; i < n; i++) {
                if (!capped[i] && demands[i] > 0 && demands[i] - share[i] <= perWeight * weights[i]) {
                    left -= demands[i] - share[i];
                    share[i] = demands[i];
                    capped[i] = true;
                }
            }
        }
        return share;
    }
}
