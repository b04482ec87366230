package dev.sibyl.tuner.builtin.gridsearch;

import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.spi.space.Numeric;
import java.util.ArrayList;
import java.util.List;

/**
 * NNI's grid (NNI ≥ 2.7 {@code GridSearch}): a fixed, seed-free sequence of points over a search space.
 *
 * <p>Categorical parameters ({@code choice}, {@code randint}, nested choices with their sub-spaces) are
 * enumerated exhaustively. Numeric parameters are gridded on their prior's CDF: positions in (0, 1) mapped
 * through the inverse CDF (a straight line for the uniform family, in log space for log types; the normal
 * quantile for the normal family). The walk proceeds in epochs:
 *
 * <ol>
 *   <li>Epoch 1 places every numeric parameter at position 1/2.
 *   <li>The points of an epoch are visited like an odometer over the parameters active in the current point,
 *       the last parameter turning fastest; a point whose every coordinate already existed in the previous
 *       epoch is skipped (it was visited then).
 *   <li>When an epoch ends, each numeric parameter halves the intervals between its positions that still
 *       separate distinct trial values (after exp, quantization and clipping) and appends their midpoints:
 *       epoch 2 adds 1/4 and 3/4, epoch 3 adds 1/8, 3/8, 5/8, 7/8, and so on. Intervals touching 0 or 1 keep
 *       being halved while their inner end differs from the bound, since 0 and 1 themselves are never points.
 *   <li>When no parameter gains a midpoint and no interval touching 0 or 1 survives, the walk is over. An
 *       interval too narrow to hold a double strictly inside is dropped, so the walk always ends for
 *       quantized types (NNI keeps halving the normal family's tails until position 0 maps to -infinity).
 * </ol>
 *
 * The same trial value can come out of several grid points (quantized types); callers deduplicate by final
 * value. Not thread-safe.
 */
public final class GridWalk {
    private final FlatSpace space;
    private final int n;
    private final List<List<Double>> positions = new ArrayList<>();
    private final List<List<double[]>> divisions = new ArrayList<>();
    private final long[] gridSize;
    private final long[] epochBar;
    private long[] vector;
    private boolean exhausted;

    public GridWalk(FlatSpace space) {
        this.space = space;
        this.n = space.size();
        this.gridSize = new long[n];
        this.epochBar = new long[n];
        for (int i = 0; i < n; i++) {
            FlatSpace.Param p = space.param(i);
            if (p.categorical()) {
                positions.add(null);
                divisions.add(null);
                gridSize[i] = p.size();
            } else {
                List<Double> grid = new ArrayList<>();
                grid.add(0.5);
                positions.add(grid);
                List<double[]> divs = new ArrayList<>();
                if (less(i, 0.0, 0.5)) {
                    divs.add(new double[] {0.0, 0.5});
                }
                if (less(i, 0.5, 1.0)) {
                    divs.add(new double[] {0.5, 1.0});
                }
                divisions.add(divs);
                gridSize[i] = 1;
            }
        }
    }

    /** The next grid point in internal coordinates ({@code NaN} for inactive parameters), or null when done. */
    public double[] next() {
        while (!exhausted) {
            advance();
            if (vector == null) {
                refine();
                continue;
            }
            if (!visitedInEarlierEpoch()) {
                return current();
            }
        }
        return null;
    }

    private boolean[] activeDims() {
        boolean[] active = new boolean[n];
        for (int i = 0; i < n; i++) {
            FlatSpace.Param p = space.param(i);
            active[i] = p.parent() < 0 || (active[p.parent()] && vector[p.parent()] == p.parentOption());
        }
        return active;
    }

    private void advance() {
        if (vector == null) {
            vector = new long[n];
            return;
        }
        boolean[] active = activeDims();
        for (int i = n - 1; i >= 0; i--) {
            if (!active[i]) {
                continue;
            }
            if (vector[i] + 1 < gridSize[i]) {
                vector[i]++;
                return;
            }
            vector[i] = 0;
        }
        vector = null;
    }

    private boolean visitedInEarlierEpoch() {
        for (int i = 0; i < n; i++) {
            if (vector[i] >= epochBar[i]) {
                return false;
            }
        }
        return true;
    }

    private double[] current() {
        boolean[] active = activeDims();
        double[] x = space.blank();
        for (int i = 0; i < n; i++) {
            if (active[i]) {
                x[i] = space.param(i).categorical()
                        ? vector[i]
                        : inverseCdf(i, positions.get(i).get((int) vector[i]));
            }
        }
        return x;
    }

    private void refine() {
        boolean updated = false;
        for (int i = 0; i < n; i++) {
            epochBar[i] = gridSize[i];
            if (space.param(i).categorical()) {
                continue;
            }
            List<Double> added = new ArrayList<>();
            List<double[]> kept = new ArrayList<>();
            for (double[] interval : divisions.get(i)) {
                double l = interval[0];
                double r = interval[1];
                double mid = (l + r) / 2;
                if (!(l < mid && mid < r)) {
                    // No double lies strictly between l and r: the interval cannot be halved any further. NNI
                    // goes on and ends up at position 0, whose normal quantile is -infinity.
                    continue;
                }
                boolean leftDiffers = less(i, l, mid);
                boolean rightDiffers = less(i, mid, r);
                // 0 and 1 are never grid points (the normal's quantile is infinite there), so a midpoint next
                // to them is new even when it rounds to the bound's value.
                if ((leftDiffers || l == 0.0) && (rightDiffers || r == 1.0)) {
                    added.add(mid);
                    updated = true;
                }
                if (leftDiffers) {
                    kept.add(new double[] {l, mid});
                    updated |= l == 0.0;
                }
                if (rightDiffers) {
                    kept.add(new double[] {mid, r});
                    updated |= r == 1.0;
                }
            }
            positions.get(i).addAll(added);
            gridSize[i] = positions.get(i).size();
            divisions.set(i, kept);
        }
        if (!updated) {
            exhausted = true;
        }
    }

    private double inverseCdf(int i, double position) {
        Numeric num = space.param(i).numeric();
        if (num.bounded()) {
            return num.internalLow() + (num.internalHigh() - num.internalLow()) * position;
        }
        return num.mu() + num.sigma() * NormalQuantile.of(position);
    }

    /** Whether the trial value at {@code a} is smaller than the one at {@code b}. */
    private boolean less(int i, double a, double b) {
        return trialValue(i, inverseCdf(i, a)) < trialValue(i, inverseCdf(i, b));
    }

    private double trialValue(int i, double internal) {
        return Double.isInfinite(internal)
                ? internal
                : FlatSpace.valueOf(space.param(i).numeric(), internal);
    }
}
