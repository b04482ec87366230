package dev.sibyl.tuner.builtin.smac;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * A random regression forest, the surrogate model of SMAC (Hutter, Hoos, Leyton-Brown, "Sequential Model-Based
 * Optimization for General Algorithm Configuration", LION 2011, section 4.1). Each tree is grown on a bootstrap
 * sample of the data; at every node a random subset of the features is searched for the split that minimises
 * the squared error while leaving at least {@code minLeaf} samples on each side; pure nodes, nodes too small to
 * split and nodes at {@code maxDepth} become leaves predicting the mean of their samples. Numeric features split
 * on a threshold drawn uniformly between the two neighbouring sample values ({@code x <= t} goes left), which
 * smooths the forest's mean; categorical features split one option against the rest ({@code x == c} goes left).
 * A prediction is the mean and the variance of the trees' leaf values.
 *
 * <p>Immutable once fitted; not thread-safe while fitting (there is no separate fitting phase: the
 * constructor fits).
 */
final class RegressionForest {
    /**
     * The forest's settings. {@link #SMAC}: 10 trees, 5/6 of the features per split (SMAC's defaults), 1 sample
     * per leaf and depth 20 (SMAC's hyper-parameter-optimisation settings, which fit small data better than the
     * algorithm-configuration default of 3 per leaf).
     */
    record Config(int trees, double featureFraction, int minLeaf, int maxDepth) {
        Config {
            if (trees < 1 || minLeaf < 1 || maxDepth < 1 || !(featureFraction > 0 && featureFraction <= 1)) {
                throw new IllegalArgumentException("bad forest configuration");
            }
        }

        static final Config SMAC = new Config(10, 5.0 / 6.0, 1, 20);
    }

    /** Mean and variance of the trees' predictions at one point. */
    record Prediction(double mean, double variance) {}

    private final Tree[] trees;

    /**
     * Fits a forest to rows {@code x} (each of the same length; no NaN) and targets {@code y}.
     *
     * @param categorical which features are categorical (their values are option indices)
     */
    RegressionForest(double[][] x, double[] y, boolean[] categorical, Config config, RandomGenerator rng) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need as many targets as rows, and at least one");
        }
        trees = new Tree[config.trees()];
        int n = x.length;
        for (int t = 0; t < trees.length; t++) {
            int[] sample = new int[n];
            for (int i = 0; i < n; i++) {
                sample[i] = rng.nextInt(n);
            }
            trees[t] = new Tree(x, y, categorical, config, sample, rng);
        }
    }

    Prediction predict(double[] point) {
        double sum = 0;
        double sumSq = 0;
        for (Tree tree : trees) {
            int leaf = tree.leaf(point);
            double v = tree.value[leaf];
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / trees.length;
        double variance = Math.max(0, sumSq / trees.length - mean * mean);
        return new Prediction(mean, variance);
    }

    /** One regression tree in flat arrays; node 0 is the root. */
    private static final class Tree {
        private int[] feature = new int[16];
        private double[] threshold = new double[16];
        private int[] left = new int[16];
        private int[] right = new int[16];
        private double[] value = new double[16];
        private int nodes;
        private final boolean[] categorical;

        Tree(double[][] x, double[] y, boolean[] categorical, Config config, int[] sample, RandomGenerator rng) {
            this.categorical = categorical;
            grow(x, y, config, sample, 0, rng);
        }

        int leaf(double[] point) {
            int node = 0;
            while (feature[node] >= 0) {
                double v = point[feature[node]];
                boolean goLeft = categorical[feature[node]] ? v == threshold[node] : v <= threshold[node];
                node = goLeft ? left[node] : right[node];
            }
            return node;
        }

        private int newNode() {
            if (nodes == feature.length) {
                int size = nodes * 2;
                feature = Arrays.copyOf(feature, size);
                threshold = Arrays.copyOf(threshold, size);
                left = Arrays.copyOf(left, size);
                right = Arrays.copyOf(right, size);
                value = Arrays.copyOf(value, size);
            }
            feature[nodes] = -1;
            return nodes++;
        }

        private int grow(double[][] x, double[] y, Config config, int[] rows, int depth, RandomGenerator rng) {
            int node = newNode();
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int r : rows) {
                sum += y[r];
                min = Math.min(min, y[r]);
                max = Math.max(max, y[r]);
            }
            value[node] = sum / rows.length;
            if (rows.length < 2 * config.minLeaf() || depth >= config.maxDepth() || min == max) {
                return node;
            }
            Split best = bestSplit(x, y, config, rows, sum, rng);
            if (best == null) {
                return node;
            }
            if (!Double.isNaN(best.next)) {
                // a random threshold between the two neighbouring values, as SMAC's forest: smoother means
                double t = best.threshold + (best.next - best.threshold) * rng.nextDouble();
                best.threshold = t < best.next ? t : best.threshold; // adjacent doubles: keep next on the right
            }
            int[] leftRows = new int[best.leftCount];
            int[] rightRows = new int[rows.length - best.leftCount];
            int l = 0;
            int rr = 0;
            for (int r : rows) {
                if (goesLeft(best.feature, best.threshold, x[r][best.feature])) {
                    leftRows[l++] = r;
                } else {
                    rightRows[rr++] = r;
                }
            }
            feature[node] = best.feature;
            threshold[node] = best.threshold;
            int leftChild = grow(x, y, config, leftRows, depth + 1, rng);
            int rightChild = grow(x, y, config, rightRows, depth + 1, rng);
            left[node] = leftChild;
            right[node] = rightChild;
            return node;
        }

        private boolean goesLeft(int f, double t, double v) {
            return categorical[f] ? v == t : v <= t;
        }

        /** Sorts {@code keys[lo..hi]} ascending, moving {@code values} along (primitive, no boxing). */
        private static void sortTogether(double[] keys, double[] values, int lo, int hi) {
            while (hi - lo > 16) {
                int mid = (lo + hi) >>> 1;
                if (keys[mid] < keys[lo]) {
                    swap(keys, values, mid, lo);
                }
                if (keys[hi] < keys[lo]) {
                    swap(keys, values, hi, lo);
                }
                if (keys[hi] < keys[mid]) {
                    swap(keys, values, hi, mid);
                }
                double pivot = keys[mid];
                int i = lo;
                int j = hi;
                while (i <= j) {
                    while (keys[i] < pivot) {
                        i++;
                    }
                    while (keys[j] > pivot) {
                        j--;
                    }
                    if (i <= j) {
                        swap(keys, values, i++, j--);
                    }
                }
                if (j - lo < hi - i) { // recurse into the smaller part, loop on the larger
                    sortTogether(keys, values, lo, j);
                    lo = i;
                } else {
                    sortTogether(keys, values, i, hi);
                    hi = j;
                }
            }
            for (int i = lo + 1; i <= hi; i++) {
                double k = keys[i];
                double v = values[i];
                int j = i - 1;
                while (j >= lo && keys[j] > k) {
                    keys[j + 1] = keys[j];
                    values[j + 1] = values[j];
                    j--;
                }
                keys[j + 1] = k;
                values[j + 1] = v;
            }
        }

        private static void swap(double[] keys, double[] values, int a, int b) {
            double k = keys[a];
            keys[a] = keys[b];
            keys[b] = k;
            double v = values[a];
            values[a] = values[b];
            values[b] = v;
        }

        private static final class Split {
            int feature;
            double threshold;
            int leftCount;
            double next = Double.NaN;
            double score = Double.NEGATIVE_INFINITY;
        }

        /**
         * The split of the largest {@code sL^2/nL + sR^2/nR} (equivalently, the least squared error) over a random
         * subset of the features; null when no split leaves {@code minLeaf} rows on both sides.
         */
        private Split bestSplit(
                double[][] x, double[] y, Config config, int[] rows, double total, RandomGenerator rng) {
            int d = categorical.length;
            int tried = d == 0 ? 0 : Math.max(1, (int) Math.ceil(config.featureFraction() * d));
            int[] features = new int[d];
            for (int i = 0; i < d; i++) {
                features[i] = i;
            }
            for (int i = 0; i < tried; i++) { // partial Fisher-Yates shuffle
                int j = i + rng.nextInt(d - i);
                int tmp = features[i];
                features[i] = features[j];
                features[j] = tmp;
            }
            int n = rows.length;
            int minLeaf = config.minLeaf();
            Split best = null;
            double[] keys = new double[n];
            double[] targets = new double[n];
            for (int fi = 0; fi < tried; fi++) {
                int f = features[fi];
                if (categorical[f]) {
                    // one option against the rest, for every option present
                    Map<Double, double[]> stats = new TreeMap<>();
                    for (int r : rows) {
                        double[] s = stats.computeIfAbsent(x[r][f], k -> new double[2]);
                        s[0] += y[r];
                        s[1] += 1;
                    }
                    for (var e : stats.entrySet()) {
                        int nl = (int) e.getValue()[1];
                        if (nl < minLeaf || n - nl < minLeaf) {
                            continue;
                        }
                        double sl = e.getValue()[0];
                        double score = sl * sl / nl + (total - sl) * (total - sl) / (n - nl);
                        if (best == null || score > best.score) {
                            best = best == null ? new Split() : best;
                            best.feature = f;
                            best.threshold = e.getKey();
                            best.next = Double.NaN;
                            best.leftCount = nl;
                            best.score = score;
                        }
                    }
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    keys[i] = x[rows[i]][f];
                    targets[i] = y[rows[i]];
                }
                sortTogether(keys, targets, 0, n - 1);
                double sl = 0;
                for (int k = 0; k < n - 1; k++) {
                    sl += targets[k];
                    int nl = k + 1;
                    double here = keys[k];
                    double next = keys[k + 1];
                    if (nl < minLeaf || n - nl < minLeaf || here == next) {
                        continue;
                    }
                    double score = sl * sl / nl + (total - sl) * (total - sl) / (n - nl);
                    if (best == null || score > best.score) {
                        best = best == null ? new Split() : best;
                        best.feature = f;
                        best.threshold = here;
                        best.next = next;
                        best.leftCount = nl;
                        best.score = score;
                    }
                }
            }
            return best;
        }
    }
}
