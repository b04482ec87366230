package dev.sibyl.tuner.builtin.percentile;

import static dev.sibyl.tuner.builtin.earlystop.Trials.judge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sibyl.tuner.builtin.earlystop.Trials;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.Assessor.Verdict;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PercentileAssessorTest {
    private final Trials trials = new Trials();

    private static Assessor percentile(Object... keyValues) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("n_startup_trials", 0);
        for (int i = 0; i < keyValues.length; i += 2) {
            args.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Algorithms.builtin().assessor("percentile").orElseThrow().create(new Settings(args));
    }

    /** Four completed trials whose value at step 1 (their second result) is 1, 2, 3 and 4. */
    private Observation[] four() {
        return new Observation[] {
            trials.completed(0.0, 1.0, 9.0), trials.completed(0.0, 2.0, 9.0),
            trials.completed(0.0, 3.0, 9.0), trials.completed(0.0, 4.0, 9.0)
        };
    }

    @Test
    void stopsATrialBelowTheTopPercentileOfCompletedTrialsAtTheSameStep() {
        Assessor assessor = percentile("percentile", 25.0);
        Observation[] done = four();
        // Keeping the top 25% when maximizing: the 75th percentile of 1..4 is 3.25.
        assertThat(judge(assessor, trials.running(0.0, 3.2), done)).isEqualTo(Verdict.BAD);
        assertThat(judge(assessor, trials.running(0.0, 3.3), done)).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(3.3, 0.0), done))
                .as("the best result so far counts, not the latest")
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void turnsThePercentileAroundWhenMinimizing() {
        Assessor assessor = percentile("percentile", 25.0, "optimize_mode", "minimize");
        Observation[] done = four();
        // The 25th percentile of 1..4 is 1.75; the best result of a minimizing trial is its smallest.
        assertThat(judge(assessor, trials.running(9.0, 1.8), done)).isEqualTo(Verdict.BAD);
        assertThat(judge(assessor, trials.running(9.0, 1.7), done)).isEqualTo(Verdict.GOOD);
    }

    @Test
    void interpolatesTheMedianLinearlyLikeOptunasMedianPruner() {
        assertThat(PercentileAssessor.percentileOf(new double[] {4, 1, 3, 2}, 50))
                .isCloseTo(2.5, within(1e-12));
        Assessor median = percentile("percentile", 50.0);
        assertThat(judge(median, trials.running(0.0, 2.49), four())).isEqualTo(Verdict.BAD);
        assertThat(judge(median, trials.running(0.0, 2.5), four()))
                .as("equal to the reference is kept")
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void respectsWarmupCountingStepsFromZero() {
        Assessor assessor = percentile("n_warmup_steps", 2);
        Observation done = trials.completed(5.0, 5.0, 5.0, 5.0);
        assertThat(judge(assessor, trials.running(0.0, 0.0), done))
                .as("two results: step 1 < 2")
                .isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(0.0, 0.0, 0.0), done)).isEqualTo(Verdict.BAD);
    }

    @Test
    void checksOnlyEveryIntervalStepsAfterWarmup() {
        Assessor assessor = percentile("n_warmup_steps", 1, "interval_steps", 3);
        Observation done = trials.completed(5.0, 5.0, 5.0, 5.0, 5.0, 5.0);
        // Checked steps: 1, 4, 7, ... i.e. after 2, 5, 8 results.
        assertThat(judge(assessor, trials.running(0.0, 0.0), done)).isEqualTo(Verdict.BAD);
        assertThat(judge(assessor, trials.running(0.0, 0.0, 0.0), done)).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(0.0, 0.0, 0.0, 0.0), done)).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(0.0, 0.0, 0.0, 0.0, 0.0), done))
                .isEqualTo(Verdict.BAD);
    }

    @Test
    void waitsForTheStartupTrialsAndCountsOnlySucceededOnes() {
        Assessor assessor = percentile("n_startup_trials", 2);
        Observation good = trials.completed(5.0, 5.0);
        Observation stopped = trials.trial(Observation.Outcome.EARLY_STOPPED, 9.0, 9.0);
        Observation failed = trials.trial(Observation.Outcome.FAILED, 9.0, 9.0);
        assertThat(judge(assessor, trials.running(0.0, 0.0), good, stopped, failed))
                .isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(0.0, 0.0), good, stopped, failed, trials.completed(4.0, 4.0)))
                .isEqualTo(Verdict.BAD);
    }

    @Test
    void keepsATrialWhenNoCompletedTrialReachedItsStep() {
        Assessor assessor = percentile();
        Observation shortOne = trials.completed(5.0);
        assertThat(judge(assessor, trials.running(0.0, 0.0), shortOne)).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(0.0), shortOne)).isEqualTo(Verdict.BAD);
        assertThat(judge(percentile("n_min_trials", 2), trials.running(0.0), shortOne))
                .as("fewer than n_min_trials values at the step")
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void stopsATrialThatReportedOnlyNan() {
        assertThat(judge(percentile(), trials.running(Double.NaN), trials.completed(0.0)))
                .isEqualTo(Verdict.BAD);
    }

    @Test
    void validatesItsClassArgsNamingTheField() {
        var factory = new PercentileFactory();
        assertThat(factory.validate(Settings.empty())).isEmpty();
        assertThat(factory.validate(new Settings(Map.of("percentile", 101.0))))
                .extracting(Violation::field)
                .containsExactly("classArgs.percentile");
        assertThat(factory.validate(new Settings(Map.of("interval_steps", 0))))
                .extracting(Violation::field)
                .containsExactly("classArgs.interval_steps");
        assertThat(factory.validate(new Settings(Map.of("n_warmup_steps", -1, "optimize_mode", "up"))))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("classArgs.n_warmup_steps", "classArgs.optimize_mode");
    }
}
