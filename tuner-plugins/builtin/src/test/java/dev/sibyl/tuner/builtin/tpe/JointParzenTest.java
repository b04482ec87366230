package dev.sibyl.tuner.builtin.tpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.builtin.stats.StandardNormal;
import dev.sibyl.tuner.spi.Settings;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JointParzenTest {

    @Test
    void complementaryErrorFunctionMatchesReferenceValues() {
        assertThat(StandardNormal.erfc(0)).isCloseTo(1.0, within(1e-7));
        assertThat(StandardNormal.erfc(1)).isCloseTo(0.157299207050285, within(1e-7));
        assertThat(StandardNormal.erfc(-1)).isCloseTo(1.842700792949715, within(1e-7));
        assertThat(StandardNormal.erfc(3)).isCloseTo(2.209049699858544e-5, within(1e-11));
        assertThat(JointParzen.normalCdf(1.959963984540054)).isCloseTo(0.975, within(1e-7));
    }

    @Test
    void densityOfABoundedParameterIntegratesToOneOverItsBounds() {
        JointParzen.Dim dim = JointParzen.Dim.numeric(0, 1, 0.5, 1);
        double[][] columns = {{0.02, 0.1, 0.11, 0.7, 0.97}};
        JointParzen p = new JointParzen(new JointParzen.Dim[] {dim}, columns, new double[] {1, 1, 1, 1, 1}, 1.0);
        int steps = 200_000;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += Math.exp(p.logDensity(new double[] {(i + 0.5) / steps}));
        }
        assertThat(sum / steps).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void jointDrawsStayInsideBoundsAndOptionsAndFollowTheObservations() {
        JointParzen.Dim[] dims = {JointParzen.Dim.numeric(-1, 1, 0, 2), JointParzen.Dim.categorical(3)};
        double[][] columns = {{0.9, 0.95, 0.85}, {2, 2, 2}};
        JointParzen p = new JointParzen(dims, columns, new double[] {1, 1, 1}, 1.0);
        double[][] draws = p.sample(new SplittableRandom(5), 4000);
        int nearObserved = 0;
        int mirrored = 0;
        for (double[] d : draws) {
            assertThat(d[0]).isBetween(-1.0, 1.0);
            assertThat(d[1]).isIn(0.0, 1.0, 2.0);
            if (d[0] > 0.5 && d[1] == 2) {
                nearObserved++;
            }
            if (d[0] < -0.5 && d[1] == 0) {
                mirrored++;
            }
        }
        // Three of the four kernels sit near (0.9, option 2); the fourth is the broad prior.
        assertThat(nearObserved).isGreaterThan(1000).isGreaterThan(10 * mirrored);
        assertThat(p.logDensity(new double[] {0.9, 2})).isGreaterThan(p.logDensity(new double[] {0.9, 0}));
        assertThat(p.logDensity(new double[] {0.9, 2})).isGreaterThan(p.logDensity(new double[] {-0.9, 2}));
    }

    @Test
    void belowGroupIsTheBestTenthUnlessNnisGammaIsGiven() {
        TpeArgs defaults = TpeArgs.read(Settings.empty(), new ClassArgsCheck());
        assertThat(defaults.nStartupJobs()).isEqualTo(10);
        assertThat(defaults.belowCount(10)).isEqualTo(1);
        assertThat(defaults.belowCount(95)).isEqualTo(10);
        assertThat(defaults.belowCount(1000)).isEqualTo(25);

        TpeArgs nni = TpeArgs.read(
                new Settings(Map.of("tpe_args", Map.of("gamma", 0.25, "n_startup_jobs", 20))), new ClassArgsCheck());
        assertThat(nni.nStartupJobs()).isEqualTo(20);
        assertThat(nni.belowCount(100)).isEqualTo(3);
        assertThat(nni.belowCount(10_000)).isEqualTo(25);

        TpeArgs forgetting =
                TpeArgs.read(new Settings(Map.of("tpe_args", Map.of("linear_forgetting", 5))), new ClassArgsCheck());
        assertThat(forgetting.belowCount(1000)).isEqualTo(5);
    }
}
