package dev.sibyl.tuner.builtin.patient;

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

class PatientAssessorTest {
    private final Trials trials = new Trials();

    private static Assessor patient(Map<String, Object> args) {
        return Algorithms.builtin().assessor("Patient").orElseThrow().create(new Settings(args));
    }

    @Test
    void stopsATrialThatDidNotImproveForPatienceSteps() {
        Assessor assessor = patient(Map.of("patience", 2));
        assertThat(judge(assessor, trials.running(1.0, 3.0, 2.0, 2.0))).isEqualTo(Verdict.GOOD);
        assertThat(judge(assessor, trials.running(1.0, 3.0, 2.0, 2.0, 2.0))).isEqualTo(Verdict.BAD);
        assertThat(judge(assessor, trials.running(1.0, 3.0, 2.0, 2.0, 3.0)))
                .as("matching the earlier best is not worse")
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void keepsATrialThatKeepsImprovingHoweverLowItIs() {
        Assessor assessor = patient(Map.of("patience", 1));
        assertThat(judge(assessor, trials.running(-9.0, -8.0, -7.0, -6.0, -5.0), trials.completed(100.0)))
                .isEqualTo(Verdict.GOOD);
    }

    @Test
    void forgivesLossesWithinMinDelta() {
        var curve = trials.running(1.0, 3.0, 2.95, 2.95, 2.95);
        assertThat(judge(patient(Map.of("patience", 2, "min_delta", 0.1)), curve))
                .isEqualTo(Verdict.GOOD);
        assertThat(judge(patient(Map.of("patience", 2)), curve)).isEqualTo(Verdict.BAD);
    }

    @Test
    void followsTheOptimizeMode() {
        var falling = trials.running(5.0, 4.0, 3.0, 2.0, 1.0);
        assertThat(judge(patient(Map.of("patience", 2)), falling)).isEqualTo(Verdict.BAD);
        assertThat(judge(patient(Map.of("patience", 2, "optimize_mode", "minimize")), falling))
                .isEqualTo(Verdict.GOOD);
        var rising = trials.running(1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(judge(patient(Map.of("patience", 2, "optimize_mode", "minimize")), rising))
                .isEqualTo(Verdict.BAD);
    }

    @Test
    void requiresPatience() {
        var factory = new PatientFactory();
        assertThat(factory.validate(Settings.empty()))
                .extracting(Violation::field)
                .containsExactly("classArgs.patience");
        assertThat(factory.validate(new Settings(Map.of("patience", -1))))
                .extracting(Violation::field)
                .containsExactly("classArgs.patience");
        assertThat(factory.validate(new Settings(Map.of("patience", 3, "min_delta", -0.5))))
                .extracting(Violation::field)
                .containsExactly("classArgs.min_delta");
    }
}
