package dev.sibyl.tuner.builtin.tpe;

/** Stable argsort of primitive keys without boxing (TPE sorts on every ask, so this stays allocation-light). */
final class IndexSort {
    private IndexSort() {}

    /** Indices of {@code keys} in ascending key order; equal keys keep their index order. */
    static int[] byKey(double[] keys) {
        int n = keys.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    // Double.compare orders NaN last and -0.0 before 0.0, keeping the sort total.
                    b[k++] = Double.compare(keys[a[j]], keys[a[i]]) < 0 ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }
}
