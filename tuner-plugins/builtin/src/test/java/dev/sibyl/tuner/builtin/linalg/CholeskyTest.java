package dev.sibyl.tuner.builtin.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CholeskyTest {

    /** A random symmetric positive-definite matrix {@code B B^T + n I}. */
    private static double[][] spd(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] b = new double[n][n];
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextDouble(-1, 1);
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++) {
                    s += b[i][k] * b[j][k];
                }
                a[i][j] = s;
            }
        }
        return a;
    }

    @Test
    void factorTimesItsTransposeGivesTheMatrixBack() {
        double[][] a = spd(7, 1);
        Cholesky c = Cholesky.of(a);
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                double s = 0;
                for (int k = 0; k < 7; k++) {
                    s += c.get(i, k) * c.get(j, k);
                }
                assertThat(s).isCloseTo(a[i][j], within(1e-10));
            }
        }
        assertThat(c.get(0, 3)).isZero();
    }

    @Test
    void appendingRowsGivesBitForBitTheFullFactorization() {
        double[][] a = spd(12, 2);
        Cholesky grown = Cholesky.of(slice(a, 5));
        for (int n = 5; n < 12; n++) {
            double[] off = new double[n];
            System.arraycopy(a[n], 0, off, 0, n);
            grown = grown.append(off, a[n][n]);
        }
        Cholesky full = Cholesky.of(a);
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j <= i; j++) {
                assertThat(grown.get(i, j)).isEqualTo(full.get(i, j));
            }
        }
    }

    @Test
    void appendingLeavesTheOriginalFactorUsable() {
        double[][] a = spd(4, 3);
        Cholesky base = Cholesky.of(slice(a, 3));
        Cholesky one = base.append(new double[] {a[3][0], a[3][1], a[3][2]}, a[3][3]);
        Cholesky other = base.append(new double[] {0.1, 0.2, 0.3}, 50);
        assertThat(base.size()).isEqualTo(3);
        assertThat(one.get(3, 0)).isNotEqualTo(other.get(3, 0));
        assertThat(one.get(3, 3)).isEqualTo(Cholesky.of(a).get(3, 3));
    }

    @Test
    void rankOneUpdateEqualsTheFactorOfTheUpdatedMatrix() {
        double[][] a = spd(9, 4);
        double[] v = new SplittableRandom(5).doubles(9, -2, 2).toArray();
        double[][] updated = new double[9][9];
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                updated[i][j] = a[i][j] + v[i] * v[j];
            }
        }
        Cholesky expected = Cholesky.of(updated);
        Cholesky actual = Cholesky.of(a).rankOneUpdate(v);
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j <= i; j++) {
                assertThat(actual.get(i, j)).isCloseTo(expected.get(i, j), within(1e-10));
            }
        }
    }

    @Test
    void solveSolvesTheSystemAndLogDeterminantMatchesTwoByTwo() {
        double[][] a = {{4, 2}, {2, 3}};
        Cholesky c = Cholesky.of(a);
        double[] x = c.solve(new double[] {2, 1});
        // [[4,2],[2,3]] x = [2,1] has x = [0.5, 0]
        assertThat(x[0]).isCloseTo(0.5, within(1e-12));
        assertThat(x[1]).isCloseTo(0.0, within(1e-12));
        assertThat(c.logDeterminant()).isCloseTo(Math.log(8), within(1e-12));
    }

    @Test
    void rejectsAMatrixThatIsNotPositiveDefinite() {
        assertThatThrownBy(() -> Cholesky.of(new double[][] {{1, 2}, {2, 1}})).isInstanceOf(ArithmeticException.class);
    }

    private static double[][] slice(double[][] a, int n) {
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, out[i], 0, n);
        }
        return out;
    }
}
