package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightedMaxMinTest {
    private static final double EPS = 1e-6;

    @Test
    void everyoneGetsItsDemandWhenTheCapacityCoversIt() {
        double[] shares = WeightedMaxMin.shares(10, new double[] {1, 3}, new double[] {4, 6});
        assertThat(shares).containsExactly(4.0, 6.0);
    }

    @Test
    void partiesWithoutDemandGetNothingAndCountForNothing() {
        double[] shares = WeightedMaxMin.shares(6, new double[] {5, 1, 2}, new double[] {0, 100, 100});
        assertThat(shares[0]).isZero();
        assertThat(shares[1]).isCloseTo(2, within(EPS));
        assertThat(shares[2]).isCloseTo(4, within(EPS));
    }

    @Test
    void noCapacityMeansNoShares() {
        assertThat(WeightedMaxMin.shares(0, new double[] {1, 2}, new double[] {3, 4}))
                .containsExactly(0.0, 0.0);
    }

    /**
     * The definition, over random parties: the shares add up to the capacity or the whole demand, whichever is
     * less; nobody gets more than it asks for; and everyone who gets less than it asks for is at one common
     * level per unit of weight, which no party served in full exceeds.
     */
    @Test
    void randomPartiesGetWeightedMaxMinShares() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(40);
            double[] weights = new double[n];
            double[] demands = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                weights[i] = random.nextBoolean() ? 1 + random.nextInt(4) : 0.1 + 5 * random.nextDouble();
                // Ties in demand per weight and parties without demand are common on purpose.
                demands[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(3) == 0 ? 8 : random.nextInt(30);
                total += demands[i];
            }
            double capacity = random.nextInt(3) == 0 ? total * 2 : random.nextDouble() * total;

            double[] shares = WeightedMaxMin.shares(capacity, weights, demands);

            double given = 0;
            double level = Double.NaN;
            for (int i = 0; i < n; i++) {
                assertThat(shares[i]).isBetween(0.0, demands[i] + EPS);
                given += shares[i];
                if (shares[i] < demands[i] - EPS) {
                    double mine = shares[i] / weights[i];
                    if (Double.isNaN(level)) {
                        level = mine;
                    }
                    assertThat(mine)
                            .as("round %d: the open parties share one level", round)
                            .isCloseTo(level, within(EPS));
                }
            }
            assertThat(given).as("round %d", round).isCloseTo(Math.min(capacity, total), within(EPS * n));
            if (!Double.isNaN(level)) {
                for (int i = 0; i < n; i++) {
                    if (demands[i] > 0) {
                        assertThat(shares[i] / weights[i]).as("round %d", round).isLessThanOrEqualTo(level + EPS);
                    }
                }
            }
        }
    }
}
