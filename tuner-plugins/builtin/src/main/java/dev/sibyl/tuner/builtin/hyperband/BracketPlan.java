package dev.sibyl.tuner.builtin.hyperband;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyperband's bracket arithmetic (Li et al. 2017, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
 * Optimization", Algorithm 1), with NNI's rounding ({@code hyperband_advisor.py}, {@code bohb_advisor.py}):
 *
 * <ol>
 *   <li>{@code s_max = floor(log_eta(R) + 1e-6)} (BOHB: {@code R = max_budget / min_budget});
 *   <li>bracket {@code s} starts {@code n = ceil((s_max + 1) * eta^s / (s + 1) - 1e-6)} configurations with
 *       {@code r = max_budget / eta^s};
 *   <li>rung {@code i} of bracket {@code s} runs {@code n_i = floor(n / eta^i + 1e-6)} configurations with
 *       {@code r_i = floor(r * eta^i + 1e-6)} (an integer, as in NNI);
 *   <li>brackets go {@code s_max, s_max - 1, ..., 0}, then start again at {@code s_max}.
 * </ol>
 *
 * For {@code R = 81, eta = 3}: bracket 4 runs 81×1, 27×3, 9×9, 3×27, 1×81; bracket 3 runs 34×3, 11×9, 3×27,
 * 1×81; bracket 0 runs 5×81.
 */
public final class BracketPlan {
    private static final double EPSILON = 1e-6;

    private final int sMax;
    private final int eta;
    private final double maxBudget;

    /**
     * @param ratio {@code R} for Hyperband, {@code max_budget / min_budget} for BOHB
     * @param eta the halving rate, at least 2
     * @param maxBudget the budget of the last rung
     */
    public BracketPlan(double ratio, int eta, double maxBudget) {
        if (eta < 2) {
            throw new IllegalArgumentException("eta must be >= 2, got " + eta);
        }
        if (!(ratio >= 1) || !(maxBudget > 0)) {
            throw new IllegalArgumentException("need ratio >= 1 and maxBudget > 0");
        }
        this.sMax = (int) Math.floor(Math.log(ratio) / Math.log(eta) + EPSILON);
        this.eta = eta;
        this.maxBudget = maxBudget;
    }

    public int sMax() {
        return sMax;
    }

    public int eta() {
        return eta;
    }

    /** The {@code s} of the bracket at {@code index} (0 for the first bracket of the experiment). */
    public int sOf(long index) {
        return sMax - (int) (index % (sMax + 1));
    }

    /** The rungs of bracket {@code s}, base rung first. */
    public List<Rung> bracket(int s) {
        if (s < 0 || s > sMax) {
            throw new IllegalArgumentException("s must be in [0, " + sMax + "], got " + s);
        }
        double n = Math.ceil((sMax + 1) * Math.pow(eta, s) / (s + 1) - EPSILON);
        double r = maxBudget / Math.pow(eta, s);
        List<Rung> rungs = new ArrayList<>();
        for (int i = 0; i <= s; i++) {
            int ni = (int) Math.floor(n / Math.pow(eta, i) + EPSILON);
            long ri = (long) Math.floor(r * Math.pow(eta, i) + EPSILON);
            rungs.add(new Rung(Math.max(1, ni), ri));
        }
        return List.copyOf(rungs);
    }

    /** Total budget of bracket {@code s}: the sum of {@code n_i * r_i}. */
    public long totalBudget(int s) {
        return bracket(s).stream().mapToLong(r -> r.configs() * r.budget()).sum();
    }
}
