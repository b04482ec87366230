package dev.sibyl.tuner.builtin.threshold;

import static dev.sibyl.tuner.builtin.earlystop.Trials.judge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.builtin.earlystop.Trials;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.Assessor.Verdict;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdAssessorTest {
    private final Trials trials = new Trials();

    private static Assessor threshold(Map<String, Object> args) {
        return Algorithms.builtin().assessor("threshold").orElseThrow().create(new Settings(args));
    }

    @Test
    void stopsATrialWhoseLatestResultLeavesTheBounds() {
        Assessor assessor = threshold(Map.of("lower", 0.2, "upper", 0.8));
        assertThat(judge(assessor, trials.running(0.5))).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(0.1))).isEqualTo(Verdict.BAD);
        assertThat(judge(assessor, trials.running(0.9))).isEqualTo(Verdict.BAD);
        assertThat(judge(assessor, trials.running(Double.NaN))).isEqualTo(Verdict.BAD);
    }

    @Test
    void looksOnlyAtTheLatestResult() {
        Assessor assessor = threshold(Map.of("lower", 0.5));
        assertThat(judge(assessor, trials.running(0.0, 0.9))).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(0.9, 0.0))).isEqualTo(Verdict.BAD);
    }

    @Test
    void aSingleBoundLeavesTheOtherSideOpen() {
        assertThat(judge(threshold(Map.of("lower", 0.5)), trials.running(1e9))).isEqualTo(Verdict.GOOD);
        assertThat(judge(threshold(Map.of("upper", 0.5)), trials.running(-1e9))).isEqualTo(Verdict.GOOD);
    }

    @Test
    void respectsWarmupAndInterval() {
        Assessor assessor = threshold(Map.of("lower", 0.5, "n_warmup_steps", 2, "interval_steps", 2));
        // Checked steps 2, 4, ...: after 3, 5, ... results.
        assertThat(judge(assessor, trials.running(0.0, 0.0))).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(0.0, 0.0, 0.0))).isEqualTo(Verdict.BAD);
        assertThat(judge(assessor, trials.running(0.0, 0.0, 0.0, 0.0))).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(0.0, 0.0, 0.0, 0.0, 0.0))).isEqualTo(Verdict.BAD);
    }

    @Test
    void needsAtLeastOneConsistentBound() {
        var factory = new ThresholdFactory();
        assertThat(factory.validate(Settings.empty()))
                .extracting(Violation::field)
                .containsExactly("classArgs");
        assertThat(factory.validate(new Settings(Map.of("lower", 2.0, "upper", 1.0))))
                .extracting(Violation::field)
                .containsExactly("classArgs.lower");
        assertThat(factory.validate(new Settings(Map.of("upper", "high"))))
                .extracting(Violation::field)
                .containsExactly("classArgs.upper");
        assertThat(factory.validate(new Settings(Map.of("upper", Double.POSITIVE_INFINITY))))
                .extracting(Violation::field)
                .containsExactly("classArgs.upper");
        assertThat(factory.validate(new Settings(Map.of("lower", 0.1, "optimize_mode", "maximize"))))
                .extracting(Violation::field)
                .containsExactly("classArgs.optimize_mode");
    }
}
