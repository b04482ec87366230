package dev.sibyl.tuner.builtin.gridsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class NormalQuantileTest {
    @Test
    void matchesKnownQuantilesToMachinePrecision() {
        assertThat(NormalQuantile.of(0.25)).isCloseTo(-0.6744897501960817, offset(1e-15));
        assertThat(NormalQuantile.of(0.125)).isCloseTo(-1.1503493803760079, offset(1e-15));
        assertThat(NormalQuantile.of(0.375)).isCloseTo(-0.31863936396437514, offset(1e-15));
        assertThat(NormalQuantile.of(0.975)).isCloseTo(1.959963984540054, offset(1e-14));
        assertThat(NormalQuantile.of(1e-10)).isCloseTo(-6.361340902404056, offset(1e-12));
    }

    @Test
    void isExactlyZeroAtTheMedianSymmetricAndInfiniteAtTheEnds() {
        assertThat(NormalQuantile.of(0.5)).isEqualTo(0.0);
        // Grid positions are dyadic, so 1 - p is exact and the symmetry is too.
        for (double p : new double[] {0.25, 0.125, 0.375, 1.0 / 1024, Math.scalb(1.0, -40)}) {
            assertThat(NormalQuantile.of(1 - p)).isEqualTo(-NormalQuantile.of(p));
        }
        assertThat(NormalQuantile.of(0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NormalQuantile.of(1.0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void cdfInvertsTheQuantileAcrossTheRange() {
        for (int k = 1; k < 1000; k++) {
            double p = k / 1000.0;
            assertThat(NormalQuantile.cdf(NormalQuantile.of(p))).isCloseTo(p, offset(1e-15));
        }
        double tiny = Math.scalb(1.0, -900);
        assertThat(NormalQuantile.cdf(NormalQuantile.of(tiny)) / tiny).isCloseTo(1.0, offset(1e-12));
    }
}
