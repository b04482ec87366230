package dev.sibyl.tuner.builtin.outlook;

import static dev.sibyl.tuner.builtin.earlystop.Trials.judge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.builtin.earlystop.Trials;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.Assessor.Verdict;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class OutlookAssessorTest {
    private final Trials trials = new Trials();

    private static Assessor outlook(Object... keyValues) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("epoch_num", 30);
        args.put("n_startup_trials", 1);
        for (int i = 0; i < keyValues.length; i += 2) {
            args.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Algorithms.builtin().assessor("outlook").orElseThrow().create(new Settings(args));
    }

    private Observation completed(IntToDoubleFunction f) {
        Double[] curve = new Double[30];
        for (int t = 1; t <= 30; t++) {
            curve[t - 1] = f.applyAsDouble(t);
        }
        return trials.completed(curve);
    }

    /** Three fast starters that ended at 0.80, 0.82 and 0.84. */
    private Observation[] fastStarters() {
        return new Observation[] {
            completed(t -> 0.80 * (1 - Math.exp(-t / 2.0))),
            completed(t -> 0.82 * (1 - Math.exp(-t / 2.0))),
            completed(t -> 0.84 * (1 - Math.exp(-t / 2.0)))
        };
    }

    @Test
    void keepsASlowStarterThatIsBelowEveryCompletedTrialAtTheSameStep() {
        Observation slow = trials.running(8, t -> 0.92 * (1 - Math.exp(-t / 10.0)));
        assertThat(slow.intermediate().get(7)).isLessThan(0.80 * (1 - Math.exp(-8 / 2.0)));
        assertThat(judge(outlook(), slow, fastStarters())).isEqualTo(Verdict.GOOD);
    }

    @Test
    void stopsATrialThatPlateauedBelowTheReference() {
        Observation flat = trials.running(8, t -> 0.6 * (1 - Math.exp(-t / 2.0)));
        assertThat(judge(outlook(), flat, fastStarters())).isEqualTo(Verdict.BAD);
    }

    @Test
    void respectsWarmupAndStartupTrials() {
        Observation flat = trials.running(4, t -> 0.6 * (1 - Math.exp(-t / 1.0)));
        assertThat(judge(outlook("n_warmup_steps", 5), flat, fastStarters())).isEqualTo(Verdict.GOOD);
        assertThat(judge(outlook("n_warmup_steps", 4), flat, fastStarters())).isEqualTo(Verdict.BAD);
        assertThat(judge(outlook("n_warmup_steps", 4, "n_startup_trials", 4), flat, fastStarters()))
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void mirrorsCurvesWhenMinimizing() {
        Observation[] losses = {completed(t -> 0.20 + Math.exp(-t / 2.0)), completed(t -> 0.22 + Math.exp(-t / 2.0))};
        Observation stuckHigh = trials.running(8, t -> 0.5 + Math.exp(-t / 2.0));
        Observation stillFalling = trials.running(8, t -> 0.1 + 2 * Math.exp(-t / 10.0));
        Assessor assessor = outlook("optimize_mode", "minimize");
        assertThat(judge(assessor, stuckHigh, losses)).isEqualTo(Verdict.BAD);
        assertThat(judge(assessor, stillFalling, losses)).isEqualTo(Verdict.GOOD);
    }

    @Test
    void requiresEpochNum() {
        var factory = new OutlookFactory();
        assertThat(factory.validate(Settings.empty()))
                .extracting(Violation::field)
                .containsExactly("classArgs.epoch_num");
        assertThat(factory.validate(new Settings(Map.of("epoch_num", 10, "percentile", -1.0))))
                .extracting(Violation::field)
                .containsExactly("classArgs.percentile");
    }
}
