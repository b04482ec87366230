package dev.sibyl.tuner.builtin.curvefitting;

import static dev.sibyl.tuner.builtin.earlystop.Trials.judge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.tuner.builtin.earlystop.Trials;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.Assessor.Verdict;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurvefittingAssessorTest {
    private final Trials trials = new Trials();

    private static Assessor curvefitting(Map<String, Object> args) {
        return Algorithms.builtin().assessor("CurveFitting").orElseThrow().create(new Settings(args));
    }

    /** A completed 30-epoch trial that ended at 0.9. */
    private Observation bestSoFar() {
        Double[] curve = new Double[30];
        for (int t = 1; t <= 30; t++) {
            curve[t - 1] = 0.9 * (1 - Math.exp(-t / 2.0)) / (1 - Math.exp(-15.0));
        }
        return trials.completed(curve);
    }

    @Test
    void stopsATrialForecastBelowThresholdTimesTheBestFinalResult() {
        Assessor assessor = curvefitting(Map.of("epoch_num", 30));
        Observation done = bestSoFar();
        Observation saturatingLow = trials.running(8, t -> 0.6 * (1 - Math.exp(-t / 2.0)));
        assertThat(judge(assessor, saturatingLow, done)).isEqualTo(Verdict.BAD);
    }

    @Test
    void keepsASlowStarterForecastToEndAboveTheBest() {
        Assessor assessor = curvefitting(Map.of("epoch_num", 30));
        // At epoch 8 it is at 0.61, far below the completed trial's 0.88 there, but heads for 0.94 at epoch 30.
        Observation slow = trials.running(8, t -> 0.96 * (1 - Math.exp(-t / 8.0)));
        assertThat(judge(assessor, slow, bestSoFar())).isEqualTo(Verdict.GOOD);
    }

    @Test
    void judgesFromStartStepThenEveryGapSteps() {
        Assessor assessor = curvefitting(Map.of("epoch_num", 30, "start_step", 6, "gap", 3));
        Observation done = bestSoFar();
        for (int steps = 1; steps <= 12; steps++) {
            Observation low = trials.running(steps, t -> 0.3 * (1 - Math.exp(-t / 2.0)));
            Verdict expected = steps == 6 || steps == 9 || steps == 12 ? Verdict.BAD : Verdict.GOOD;
            assertThat(judge(assessor, low, done)).as("after %d results", steps).isEqualTo(expected);
        }
    }

    @Test
    void keepsEveryTrialUntilOneSucceeded() {
        Assessor assessor = curvefitting(Map.of("epoch_num", 30));
        Observation low = trials.running(8, t -> 0.3 * (1 - Math.exp(-t / 2.0)));
        Observation stopped = trials.trial(Observation.Outcome.EARLY_STOPPED, 0.99, 0.99);
        assertThat(judge(assessor, low, stopped)).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, low, stopped, bestSoFar())).isEqualTo(Verdict.BAD);
    }

    @Test
    void usesTheObservedValueOnceTheTrialReachedEpochNum() {
        Assessor assessor = curvefitting(Map.of("epoch_num", 6, "start_step", 6, "threshold", 1.0));
        Observation done = trials.completed(0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        assertThat(judge(assessor, trials.running(0.1, 0.2, 0.3, 0.4, 0.5, 0.49), done))
                .isEqualTo(Verdict.BAD);
        assertThat(judge(assessor, trials.running(0.1, 0.2, 0.3, 0.4, 0.5, 0.51), done))
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void supportsOnlyMaximizingAsNni() {
        var factory = new CurvefittingFactory();
        assertThat(factory.validate(new Settings(Map.of("epoch_num", 20, "optimize_mode", "maximize"))))
                .isEmpty();
        Settings minimize = new Settings(Map.of("epoch_num", 20, "optimize_mode", "minimize"));
        assertThat(factory.validate(minimize)).extracting(Violation::field).containsExactly("classArgs.optimize_mode");
        assertThatThrownBy(() -> factory.create(minimize)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void requiresEpochNumAndChecksRanges() {
        var factory = new CurvefittingFactory();
        assertThat(factory.validate(Settings.empty()))
                .extracting(Violation::field)
                .containsExactly("classArgs.epoch_num");
        assertThat(factory.validate(new Settings(Map.of("epoch_num", 20, "gap", 0, "start_step", -1))))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("classArgs.gap", "classArgs.start_step");
        assertThat(factory.validate(new Settings(Map.of("epoch_num", 20, "threshold", -0.1))))
                .extracting(Violation::field)
                .containsExactly("classArgs.threshold");
    }
}
