package dev.sibyl.tuner.builtin.tpe;

import java.util.Arrays;

/**
 * Argsort of primitive keys without boxing or comparators, since TPE sorts on every ask: each key becomes a
 * {@code long} whose signed order is the key's numeric order, the index is packed into its lowest bits, and
 * the longs are sorted with {@link Arrays#sort(long[])}. Keys closer than about 2^-(52 - log2 n) relative can
 * come out in index order rather than key order; equal keys always do. Keys must not be NaN.
 */
final class IndexSort {
    private IndexSort() {}

    /** Indices of {@code keys} in ascending key order. */
    static int[] byKey(double[] keys) {
        int n = keys.length;
        int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
        long indexMask = (1L << indexBits) - 1;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToLongBits(keys[i] + 0.0); // + 0.0 turns -0.0 into 0.0
            // Negative doubles order backwards as signed longs: flip all but the sign bit.
            long ordered = bits ^ ((bits >> 63) & Long.MAX_VALUE);
            packed[i] = (ordered & ~indexMask) | i;
        }
        Arrays.sort(packed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) (packed[i] & indexMask);
        }
        return order;
    }
}
