package dev.sibyl.tuner.spi.pareto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class HypervolumeTest {
    private static final int GRID = 6;

    private static Gen<double[][]> integerPoints(int d) {
        return lists().of(lists().of(integers().between(0, GRID)).ofSize(d))
                .ofSizeBetween(0, 12)
                .map(rows -> rows.stream()
                        .map(r -> r.stream().mapToDouble(Integer::doubleValue).toArray())
                        .toArray(double[][]::new));
    }

    @Test
    void volumeEqualsTheCountOfDominatedUnitCellsForTwoToFourObjectives() {
        for (int d = 2; d <= 4; d++) {
            double[] reference = new double[d];
            java.util.Arrays.fill(reference, GRID);
            int dims = d;
            qt().withExamples(150)
                    .forAll(integerPoints(d))
                    .checkAssert(points ->
                            assertThat(Hypervolume.of(points, reference)).isEqualTo(dominatedCells(points, dims)));
        }
    }

    @Test
    void contributionsAreWhatEachPointAloneAdds() {
        double[][] points = {{1, 3}, {2, 2}, {3, 1}, {3, 3}};
        double[] contributions = Hypervolume.contributions(points, new double[] {4, 4});
        assertThat(contributions).containsExactly(new double[] {1, 1, 1, 0}, within(1e-12));
    }

    @Test
    void referenceIsTheWorstPointMovedOutwardsByATenth() {
        double[][] points = {{-10, 0}, {-20, 5}};
        assertThat(Hypervolume.referenceFor(points)).containsExactly(new double[] {-9, 5.5}, within(1e-12));
        assertThat(Hypervolume.referenceFor(new double[][] {{0, 1}})[0]).isEqualTo(Hypervolume.EPS);
    }

    /** Unit cells [c, c+1) of the grid that some point is at or below in every coordinate. */
    private static double dominatedCells(double[][] points, int d) {
        int cells = (int) Math.pow(GRID, d);
        int count = 0;
        for (int c = 0; c < cells; c++) {
            int[] corner = new int[d];
            for (int k = 0, rest = c; k < d; k++, rest /= GRID) {
                corner[k] = rest % GRID;
            }
            for (double[] p : points) {
                boolean covers = true;
                for (int k = 0; k < d; k++) {
                    covers &= p[k] <= corner[k];
                }
                if (covers) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }
}
