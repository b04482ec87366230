package dev.sibyl.tuner.builtin.medianstop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.Assessor.Verdict;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Observation.Outcome;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MedianstopAssessorTest {
    private long nextId = 100;

    private static Assessor medianstop(Map<String, Object> args) {
        return new MedianstopFactory().create(new Settings(args));
    }

    private Observation trial(Outcome outcome, Double... curve) {
        long id = nextId++;
        Double last = curve.length == 0 ? null : curve[curve.length - 1];
        return new Observation(id, Map.of("id", id), outcome, outcome == Outcome.PENDING ? null : last, List.of(curve));
    }

    private static History history(Observation... observations) {
        return new History(List.of(observations));
    }

    /** Judges {@code running} against completed trials, with the running trial in the history as well. */
    private static Verdict judge(Assessor assessor, Observation running, Observation... others) {
        List<Observation> all = new ArrayList<>(List.of(others));
        all.add(running);
        return assessor.assess(running, new History(all));
    }

    @Test
    void stopsTrialWhoseBestIsBelowTheMedianOfCompletedRunningAverages() {
        Observation a = trial(Outcome.SUCCEEDED, 1.0, 2.0, 3.0);
        Observation b = trial(Outcome.SUCCEEDED, 2.0, 3.0, 4.0);
        Observation c = trial(Outcome.SUCCEEDED, 3.0, 4.0, 5.0);
        // Running averages at step 2: 1.5, 2.5, 3.5; median 2.5.
        Assessor assessor = medianstop(Map.of());
        assertThat(judge(assessor, trial(Outcome.PENDING, 1.0, 2.0), a, b, c)).isEqualTo(Verdict.BAD);
        assertThat(judge(assessor, trial(Outcome.PENDING, 2.0, 2.5), a, b, c))
                .as("equal to the median is not strictly worse")
                .isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trial(Outcome.PENDING, 3.0, 0.0), a, b, c))
                .as("the best value so far counts, not the last")
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void keepsTrialAboveTheMedian() {
        Observation a = trial(Outcome.SUCCEEDED, 0.1, 0.2, 0.3);
        Observation b = trial(Outcome.SUCCEEDED, 0.2, 0.3, 0.4);
        assertThat(judge(medianstop(Map.of()), trial(Outcome.PENDING, 0.5), a, b))
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void takesTheLowerMiddleWhenMaximizingAndTheUpperMiddleWhenMinimizing() {
        Observation[] four = {
            trial(Outcome.SUCCEEDED, 1.0), trial(Outcome.SUCCEEDED, 2.0),
            trial(Outcome.SUCCEEDED, 3.0), trial(Outcome.SUCCEEDED, 4.0)
        };
        Assessor max = medianstop(Map.of("optimize_mode", "maximize"));
        assertThat(judge(max, trial(Outcome.PENDING, 1.9), four)).isEqualTo(Verdict.BAD);
        assertThat(judge(max, trial(Outcome.PENDING, 2.0), four)).isEqualTo(Verdict.GOOD);
        Assessor min = medianstop(Map.of("optimize_mode", "minimize"));
        assertThat(judge(min, trial(Outcome.PENDING, 3.1), four)).isEqualTo(Verdict.BAD);
        assertThat(judge(min, trial(Outcome.PENDING, 3.0), four)).isEqualTo(Verdict.GOOD);
    }

    @Test
    void defaultsToMaximize() {
        Observation a = trial(Outcome.SUCCEEDED, 0.5, 0.6);
        Observation b = trial(Outcome.SUCCEEDED, 0.6, 0.7);
        Observation low = trial(Outcome.PENDING, 0.1, 0.1);
        assertThat(judge(medianstop(Map.of()), low, a, b)).isEqualTo(Verdict.BAD);
        assertThat(judge(medianstop(Map.of("optimize_mode", "minimize")), low, a, b))
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void respectsStartStep() {
        Observation a = trial(Outcome.SUCCEEDED, 1.0, 1.0, 1.0, 1.0);
        Observation b = trial(Outcome.SUCCEEDED, 1.0, 1.0, 1.0, 1.0);
        Assessor assessor = medianstop(Map.of("start_step", 3));
        assertThat(judge(assessor, trial(Outcome.PENDING, 0.0, 0.0), a, b)).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trial(Outcome.PENDING, 0.0, 0.0, 0.0), a, b)).isEqualTo(Verdict.BAD);
        assertThat(judge(medianstop(Map.of()), trial(Outcome.PENDING, 0.0), a, b))
                .isEqualTo(Verdict.BAD);
    }

    @Test
    void countsOnlySucceededTrialsThatReachedTheStep() {
        Observation longGood = trial(Outcome.SUCCEEDED, 5.0, 5.0, 5.0);
        Observation shortGood = trial(Outcome.SUCCEEDED, 9.0);
        Observation failed = trial(Outcome.FAILED, 9.0, 9.0, 9.0);
        Observation stopped = trial(Outcome.EARLY_STOPPED, 9.0, 9.0, 9.0);
        Observation running = trial(Outcome.PENDING, 9.0, 9.0, 9.0);
        Observation candidate = trial(Outcome.PENDING, 4.0, 4.5);
        Assessor assessor = medianstop(Map.of());
        // Only longGood reaches step 2 among completed trials: median 5.0 > best 4.5.
        assertThat(judge(assessor, candidate, longGood, shortGood, failed, stopped, running))
                .isEqualTo(Verdict.BAD);
        // Without longGood nothing qualifies: keep.
        assertThat(judge(assessor, candidate, shortGood, failed, stopped, running))
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void keepsEveryTrialBeforeAnyTrialCompleted() {
        assertThat(medianstop(Map.of()).assess(trial(Outcome.PENDING, -100.0), history()))
                .isEqualTo(Verdict.GOOD);
        assertThat(medianstop(Map.of()).assess(trial(Outcome.PENDING), history(trial(Outcome.SUCCEEDED, 1.0))))
                .as("no intermediate result yet")
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void validatesItsClassArgsNamingTheField() {
        MedianstopFactory factory = new MedianstopFactory();
        assertThat(factory.validate(new Settings(Map.of("optimize_mode", "minimize", "start_step", 5))))
                .isEmpty();
        assertThat(factory.validate(new Settings(Map.of("start_step", -1))))
                .extracting(Violation::field)
                .containsExactly("classArgs.start_step");
        assertThat(factory.validate(new Settings(Map.of("start_step", 1.5))))
                .extracting(Violation::field)
                .containsExactly("classArgs.start_step");
        assertThat(factory.validate(new Settings(Map.of("optimize_mode", "upwards"))))
                .extracting(Violation::field)
                .containsExactly("classArgs.optimize_mode");
    }
}
