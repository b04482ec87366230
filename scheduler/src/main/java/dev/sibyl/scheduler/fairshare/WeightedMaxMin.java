package dev.sibyl.scheduler.fairshare;

import java.util.Arrays;

/**
 * Weighted max-min fair shares by water-filling: capacity is split in proportion to weight, no
 * one gets more than it asks for, and what a capped party leaves is split among the others.
 */
public final class WeightedMaxMin {
    private WeightedMaxMin() {}

    /**
     * Each party's share of {@code capacity}, in the order of {@code weights} (positive) and {@code demands}.
     * The water level is found among the parties' demand-per-weight by binary search, in O(n log n) with no
     * boxing: a pass at a thousand tenants computes it on every run (ADR 0019).
     */
    public static double[] shares(double capacity, double[] weights, double[] demands) {
        int n = weights.length;
        double[] share = new double[n];
        double[] levels = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (demands[i] > 0) {
                total += demands[i];
                levels[i] = demands[i] / weights[i];
            }
        }
        if (total <= capacity) {
            for (int i = 0; i < n; i++) {
                share[i] = Math.max(0, demands[i]);
            }
            return share;
        }
        double[] sorted = levels.clone();
        Arrays.sort(sorted);
        // The highest level at which every party up to it is served in full within capacity; below the
        // lowest level (cut -1) when none is. At the highest level of all, the whole demand, it is not.
        int served = -1;
        int over = n - 1;
        while (over - served > 1) {
            int mid = (served + over) >>> 1;
            if (filledAt(sorted[mid], levels, weights, demands) <= capacity) {
                served = mid;
            } else {
                over = mid;
            }
        }
        double cut = served < 0 ? -1 : sorted[served];
        double inFull = 0;
        double openWeight = 0;
        for (int i = 0; i < n; i++) {
            if (demands[i] > 0) {
                if (levels[i] <= cut) {
                    inFull += demands[i];
                } else {
                    openWeight += weights[i];
                }
            }
        }
        double level = Math.max(0, capacity - inFull) / openWeight;
        for (int i = 0; i < n; i++) {
            if (demands[i] > 0) {
                share[i] = levels[i] <= cut ? demands[i] : Math.min(demands[i], level * weights[i]);
            }
        }
        return share;
    }

    /** What the parties get when each is served up to {@code level} per unit of weight. */
    private static double filledAt(double level, double[] levels, double[] weights, double[] demands) {
        double filled = 0;
        for (int i = 0; i < levels.length; i++) {
            if (demands[i] > 0) {
                filled += levels[i] <= level ? demands[i] : level * weights[i];
            }
        }
        return filled;
    }
}
