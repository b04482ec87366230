package dev.sibyl.tuner.spi.pareto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class ParetoFrontTest {
    /** Point sets on a coarse grid, so ties and duplicates are common; 1 to 4 objectives. */
    private static Gen<double[][]> pointSets() {
        return integers()
                .between(1, 4)
                .flatMap(d -> lists().of(lists().of(integers().between(0, 6)).ofSize(d))
                        .ofSizeBetween(0, 40))
                .map(rows -> rows.stream()
                        .map(r -> r.stream().mapToDouble(Integer::doubleValue).toArray())
                        .toArray(double[][]::new));
    }

    @Test
    void everyReturnedPointIsDominatedByNoInputPoint() {
        qt().withExamples(300).forAll(pointSets()).checkAssert(points -> {
            for (int i : ParetoFront.front(points)) {
                for (double[] other : points) {
                    assertThat(ParetoFront.dominates(other, points[i])).isFalse();
                }
            }
        });
    }

    @Test
    void everyDroppedPointIsDominatedByAReturnedOne() {
        qt().withExamples(300).forAll(pointSets()).checkAssert(points -> {
            int[] front = ParetoFront.front(points);
            for (int i = 0; i < points.length; i++) {
                int dropped = i;
                if (Arrays.stream(front).noneMatch(f -> f == dropped)) {
                    assertThat(Arrays.stream(front).anyMatch(f -> ParetoFront.dominates(points[f], points[dropped])))
                            .as("point %s", Arrays.toString(points[i]))
                            .isTrue();
                }
            }
        });
    }

    @Test
    void theFrontIsTheSameSequenceOfPointsWhateverTheInputOrder() {
        qt().withExamples(200).forAll(pointSets(), integers().all()).checkAssert((points, seed) -> {
            List<double[]> shuffled = new ArrayList<>(Arrays.asList(points));
            Collections.shuffle(shuffled, new Random(seed));
            double[][] other = shuffled.toArray(double[][]::new);
            assertThat(pointsAt(other, ParetoFront.front(other)))
                    .isEqualTo(pointsAt(points, ParetoFront.front(points)));
        });
    }

    @Test
    void ranksPeelFrontsOneAfterAnother() {
        qt().withExamples(200).forAll(pointSets()).checkAssert(points -> {
            int[] rank = ParetoFront.ranks(points);
            for (int i = 0; i < points.length; i++) {
                for (int j = 0; j < points.length; j++) {
                    if (ParetoFront.dominates(points[j], points[i])) {
                        assertThat(rank[j]).isLessThan(rank[i]);
                    }
                }
                // A point of rank r > 0 is dominated by some point of rank r - 1.
                int i0 = i;
                if (rank[i] > 0) {
                    assertThat(java.util.stream.IntStream.range(0, points.length)
                                    .anyMatch(j ->
                                            rank[j] == rank[i0] - 1 && ParetoFront.dominates(points[j], points[i0])))
                            .isTrue();
                }
            }
        });
    }

    @Test
    void equalPointsShareTheFront() {
        double[][] points = {{1, 2}, {1, 2}, {2, 3}};
        assertThat(ParetoFront.front(points)).containsExactly(0, 1);
        assertThat(ParetoFront.ranks(points)).containsExactly(0, 0, 1);
    }

    @Test
    void directionsTurnRawValuesIntoLosses() {
        List<Objective> objectives = List.of(
                new Objective("accuracy", OptimizeMode.MAXIMIZE), new Objective("latency", OptimizeMode.MINIMIZE));
        History history = new History(List.of(
                Observation.succeeded(0, Map.of("x", 0), List.of(0.90, 10.0)),
                Observation.succeeded(1, Map.of("x", 1), List.of(0.95, 30.0)),
                Observation.succeeded(2, Map.of("x", 2), List.of(0.85, 20.0)), // worse in both than 0
                Observation.pending(3, Map.of("x", 3)),
                new Observation(4, Map.of("x", 4), Observation.Outcome.FAILED, null, List.of()),
                Observation.succeeded(5, Map.of("x", 5), List.of(0.99, Double.NaN))));
        assertThat(ParetoFront.of(history, objectives))
                .extracting(Observation::parameterId)
                .containsExactly(1L, 0L); // accuracy loss -0.95 sorts before -0.90
    }

    @Test
    void crowdingGivesTheEndsInfinityAndInnerPointsTheirNeighboursGap() {
        double[][] points = {{0, 4}, {1, 3}, {3, 1}, {4, 0}};
        double[] distance = ParetoFront.crowding(points);
        assertThat(distance[0]).isInfinite();
        assertThat(distance[3]).isInfinite();
        // (3 - 0) / 4 in each coordinate for the second point, (4 - 1) / 4 for the third.
        assertThat(distance[1]).isEqualTo(1.5);
        assertThat(distance[2]).isEqualTo(1.5);
        assertThat(ParetoFront.crowding(new double[0][])).isEmpty();
    }

    @Test
    void aNaNLossIsRefused() {
        assertThatThrownBy(() -> ParetoFront.ranks(new double[][] {{1, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    private static List<List<Double>> pointsAt(double[][] points, int[] indices) {
        return Arrays.stream(indices)
                .mapToObj(i -> Arrays.stream(points[i]).boxed().toList())
                .toList();
    }
}
