package dev.sibyl.tuner.builtin.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AcquisitionTest {
    // Φ(1) and φ(1) to 9 digits.
    private static final double CDF1 = 0.841344746;
    private static final double PDF1 = 0.241970725;

    @Test
    void expectedImprovementMatchesItsClosedForm() {
        // mean 1, sd 1, best 0, xi 0: z = 1, EI = 1 Φ(1) + 1 φ(1)
        assertThat(Acquisition.EI.value(1, 1, 0, 5, 0)).isCloseTo(CDF1 + PDF1, within(1e-6));
        // xi shifts the incumbent: mean 3, sd 2, best 0.5, xi 0.5 → improvement 2, z = 1
        assertThat(Acquisition.EI.value(3, 2, 0.5, 5, 0.5)).isCloseTo(2 * CDF1 + 2 * PDF1, within(1e-6));
        // below the incumbent: z = -1, EI = -Φ(-1) + φ(1)
        assertThat(Acquisition.EI.value(-1, 1, 0, 5, 0)).isCloseTo(-(1 - CDF1) + PDF1, within(1e-6));
    }

    @Test
    void upperConfidenceBoundIsMeanPlusKappaSd() {
        assertThat(Acquisition.UCB.value(1, 2, 100, 5, 0.3)).isEqualTo(11.0);
    }

    @Test
    void probabilityOfImprovementIsTheNormalTail() {
        assertThat(Acquisition.POI.value(1, 1, 0, 5, 0)).isCloseTo(CDF1, within(1e-6));
        assertThat(Acquisition.POI.value(0, 1, 0, 5, 0)).isCloseTo(0.5, within(1e-7));
    }

    @Test
    void zeroUncertaintyGivesTheDeterministicLimits() {
        assertThat(Acquisition.EI.value(2, 0, 0.5, 5, 0)).isEqualTo(1.5);
        assertThat(Acquisition.EI.value(0.2, 0, 0.5, 5, 0)).isZero();
        assertThat(Acquisition.POI.value(2, 0, 0.5, 5, 0)).isEqualTo(1.0);
        assertThat(Acquisition.POI.value(0.2, 0, 0.5, 5, 0)).isZero();
    }

    @Test
    void parsesUtilityNamesInAnyCaseAndRejectsOthers() {
        assertThat(Acquisition.parse("EI")).isEqualTo(Acquisition.EI);
        assertThat(Acquisition.parse(" ucb ")).isEqualTo(Acquisition.UCB);
        assertThat(Acquisition.parse("poi")).isEqualTo(Acquisition.POI);
        assertThatThrownBy(() -> Acquisition.parse("pi")).isInstanceOf(IllegalArgumentException.class);
    }
}
