package dev.sibyl.tuner.builtin.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParetoSplitTest {
    // Rows 0-4 lie on the front x + y = 4; rows 5 and 6 are dominated.
    private static final double[][] LOSSES = {{0, 4}, {1, 3}, {2, 2}, {3, 1}, {4, 0}, {3, 3}, {5, 5}};
    private static final int[] ROWS = {0, 1, 2, 3, 4, 5, 6};

    @Test
    void wholeRanksGoBelowWhileTheyFit() {
        int[] order = ParetoSplit.order(ROWS, LOSSES, 6);
        assertThat(java.util.Arrays.copyOf(order, 6)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(order[6]).isEqualTo(6);
    }

    @Test
    void theRankThatDoesNotFitIsCutByHypervolume() {
        // Reference (4.4, 4.4): alone, (2, 2) dominates the most (2.4^2); then (1, 3) and (3, 1) add 1.4 each.
        int[] order = ParetoSplit.order(ROWS, LOSSES, 1);
        assertThat(order[0]).isEqualTo(2);
        assertThat(ParetoSplit.order(ROWS, LOSSES, 3)).startsWith(2, 1, 3);
    }

    @Test
    void theAboveGroupFollowsByRankThenHistoryOrder() {
        assertThat(ParetoSplit.order(ROWS, LOSSES, 1)).containsExactly(2, 0, 1, 3, 4, 5, 6);
    }

    @Test
    void withManyObjectivesTheRankIsCutByCrowdingDistance() {
        // Five objectives, all on one front: the two ends of the first coordinate are infinitely crowded-apart.
        double[][] losses = {{2, 2, 2, 2, 2}, {0, 4, 4, 4, 4}, {1, 3, 3, 3, 3}, {4, 0, 0, 0, 0}, {3, 1, 1, 1, 1}};
        int[] order = ParetoSplit.order(new int[] {0, 1, 2, 3, 4}, losses, 2);
        assertThat(java.util.Arrays.copyOf(order, 2)).containsExactly(1, 3);
        assertThat(ParetoSplit.belowWeights(new int[] {0, 1}, losses, 5)).containsExactly(1.0, 1.0);
    }

    @Test
    void belowWeightsAreRelativeHypervolumeContributionsAndLiesWeighOne() {
        double[][] losses = {{0, 2}, {1, 1}, {2, 0}, {1.5, 1.5}, {0, 0}};
        double[] weights = ParetoSplit.belowWeights(new int[] {0, 1, 2, 3, 4}, losses, 4);
        assertThat(weights[3]).isLessThan(1e-9); // dominated by (1, 1)
        assertThat(weights[4]).isEqualTo(1.0); // a lie
        assertThat(java.util.Arrays.stream(weights).allMatch(w -> w >= 0 && w <= 1))
                .isTrue();
        assertThat(Math.max(weights[0], Math.max(weights[1], weights[2])))
                .isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    }
}
