package dev.sibyl.tuner.builtin.linalg;

import java.util.Arrays;

/**
 * The Cholesky factor {@code L} of a symmetric positive-definite matrix {@code A = L L^T}, stored as jagged rows
 * (row i holds {@code L[i][0..i]}), immutable.
 *
 * <p>Rows are computed in order, each from the rows above it only (Cholesky–Banachiewicz), so {@link #append}
 * of a row gives bit for bit the factor a full {@link #of} of the bordered matrix gives, in O(n²) instead of
 * O(n³); appended factors share the rows of the original. {@link #rankOneUpdate} gives the factor of {@code A +
 * v v^T} in O(n²) (equal to a fresh factorization up to rounding).
 */
public final class Cholesky {
    private final double[][] rows;
    private final int size;

    private Cholesky(double[][] rows, int size) {
        this.rows = rows;
        this.size = size;
    }

    /** The empty factor (of a 0 × 0 matrix). */
    public static Cholesky empty() {
        return new Cholesky(new double[0][], 0);
    }

    /**
     * Factors {@code a} (only the lower triangle, {@code a[i][j]} with {@code j <= i}, is read).
     *
     * @throws ArithmeticException when {@code a} is not positive definite
     */
    public static Cholesky of(double[][] a) {
        Cholesky c = empty();
        for (int i = 0; i < a.length; i++) {
            c = c.append(Arrays.copyOf(a[i], i), a[i][i]);
        }
        return c;
    }

    public int size() {
        return size;
    }

    /** {@code L[i][j]}, zero above the diagonal. */
    public double get(int i, int j) {
        return j > i ? 0.0 : rows[i][j];
    }

    /**
     * The factor of the matrix bordered by one row and column: {@code offDiagonal[j] = A[n][j]} for {@code j <
     * n}, and {@code diagonal = A[n][n]}.
     *
     * @throws ArithmeticException when the bordered matrix is not positive definite
     */
    public Cholesky append(double[] offDiagonal, double diagonal) {
        if (offDiagonal.length != size) {
            throw new IllegalArgumentException("expected " + size + " off-diagonal entries, got " + offDiagonal.length);
        }
        double[] row = new double[size + 1];
        double sum = diagonal;
        for (int j = 0; j < size; j++) {
            double[] rj = rows[j];
            double s = offDiagonal[j];
            for (int k = 0; k < j; k++) {
                s -= row[k] * rj[k];
            }
            double v = s / rj[j];
            row[j] = v;
            sum -= v * v;
        }
        if (!(sum > 0)) {
            throw new ArithmeticException("matrix is not positive definite (pivot " + sum + " at row " + size + ")");
        }
        row[size] = Math.sqrt(sum);
        // Copying the row references is O(n), negligible next to the O(n²) row; old rows are shared.
        double[][] next = Arrays.copyOf(rows, size + 1);
        next[size] = row;
        return new Cholesky(next, size + 1);
    }

    /** The factor of {@code A + v v^T} (a fresh copy; this one is unchanged). */
    public Cholesky rankOneUpdate(double[] v) {
        if (v.length != size) {
            throw new IllegalArgumentException("expected " + size + " entries, got " + v.length);
        }
        double[][] out = new double[size][];
        for (int i = 0; i < size; i++) {
            out[i] = rows[i].clone();
        }
        double[] x = v.clone();
        // Givens-style update, column by column (Golub & Van Loan, §6.5.4).
        for (int k = 0; k < size; k++) {
            double lkk = out[k][k];
            double r = Math.hypot(lkk, x[k]);
            double c = r / lkk;
            double s = x[k] / lkk;
            out[k][k] = r;
            for (int i = k + 1; i < size; i++) {
                out[i][k] = (out[i][k] + s * x[i]) / c;
                x[i] = c * x[i] - s * out[i][k];
            }
        }
        return new Cholesky(out, size);
    }

    /** Solves {@code L y = b}. */
    public double[] solveLower(double[] b) {
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            double[] r = rows[i];
            // Four partial sums break the dependency chain of one running sum (about twice as fast here).
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int k = 0;
            for (; k + 3 < i; k += 4) {
                s0 += r[k] * y[k];
                s1 += r[k + 1] * y[k + 1];
                s2 += r[k + 2] * y[k + 2];
                s3 += r[k + 3] * y[k + 3];
            }
            for (; k < i; k++) {
                s0 += r[k] * y[k];
            }
            y[i] = (b[i] - ((s0 + s1) + (s2 + s3))) / r[i];
        }
        return y;
    }

    /** Solves {@code L^T x = y}. */
    public double[] solveUpper(double[] y) {
        double[] x = y.clone();
        for (int i = size - 1; i >= 0; i--) {
            double[] r = rows[i];
            double xi = x[i] / r[i];
            x[i] = xi;
            for (int k = 0; k < i; k++) {
                x[k] -= r[k] * xi;
            }
        }
        return x;
    }

    /** Solves {@code A x = b}. */
    public double[] solve(double[] b) {
        return solveUpper(solveLower(b));
    }

    /** {@code log det A = 2 Σ log L[i][i]}. */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += Math.log(rows[i][i]);
        }
        return 2 * s;
    }
}
