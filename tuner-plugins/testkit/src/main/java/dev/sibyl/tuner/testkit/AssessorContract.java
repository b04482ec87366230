package dev.sibyl.tuner.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every assessor honours: its verdict is a function of the trial and the history only (a fresh
 * instance agrees with one that judged the whole experiment so far), a trial with no intermediate result is
 * never stopped, and validate() accepts the classArgs under test and names unknown keys.
 *
 * <p>Experiments are simulated with learning curves that rise at different speeds and noise, a few trials in
 * flight at a time; a trial judged BAD is stopped early, as the experiment driver would.
 */
public abstract class AssessorContract {
    /** The factory under test. */
    protected abstract AssessorFactory factory();

    private final List<Assessor> created = new ArrayList<>();

    /** The classArgs to run with. */
    protected abstract Map<String, Object> classArgs();

    protected int propertyExamples() {
        return 30;
    }

    protected final Settings settings() {
        return new Settings(classArgs());
    }

    /**
     * An assessor after checking that validate() accepts the settings. Assessors that hold resources (an
     * out-of-process host) implement {@link AutoCloseable}; the contract closes them when it is done with them.
     */
    protected final Assessor create() {
        assertThat(factory().validate(settings())).isEmpty();
        Assessor assessor = factory().create(settings());
        created.add(assessor);
        return assessor;
    }

    /** Closes every assessor created so far that holds resources. */
    @AfterEach
    protected final void closeAssessors() {
        created.forEach(AssessorContract::close);
        created.clear();
    }

    private static void close(Assessor assessor) {
        if (assessor instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + assessor + " failed", e);
            }
        }
    }

    @Test
    void acceptsItsClassArgs() {
        assertThat(factory().validate(settings())).isEmpty();
    }

    @Test
    void rejectsAnUnknownClassArgsKeyNamingTheField() {
        Map<String, Object> args = new LinkedHashMap<>(classArgs());
        args.put("no_such_argument", 1);
        Settings settings = new Settings(args);
        assertThat(factory().validate(settings)).extracting(Violation::field).contains("classArgs.no_such_argument");
        assertThatThrownBy(() -> factory().create(settings)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void keepsATrialWithoutIntermediateResults() {
        SimulatedExperiment experiment = new SimulatedExperiment();
        simulate(create(), experiment, new SplittableRandom(1), (trial, history, verdict) -> {});
        long id = experiment.submit(List.of(Map.of("x", 1))).get(0);
        assertThat(create().assess(experiment.observation(id), experiment.history()))
                .isEqualTo(Assessor.Verdict.GOOD);
    }

    @Test
    void freshAssessorAgreesWithTheLiveOne() {
        assertFreshAgreesWithLive(7);
    }

    @Test
    void verdictsDependOnlyOnTrialAndHistoryForRandomCurves() {
        qt().withExamples(propertyExamples()).forAll(longs().all()).checkAssert(seed -> {
            assertFreshAgreesWithLive(seed);
            closeAssessors();
        });
    }

    private void assertFreshAgreesWithLive(long seed) {
        Assessor live = create();
        simulate(live, new SimulatedExperiment(), new SplittableRandom(seed), (trial, history, verdict) -> {
            Assessor fresh = create();
            assertThat(fresh.assess(trial, history)).as("fresh assessor").isEqualTo(verdict);
            created.remove(fresh);
            close(fresh);
            assertThat(live.assess(trial, history)).as("asked again").isEqualTo(verdict);
        });
    }

    /** Called after every live verdict. */
    @FunctionalInterface
    protected interface VerdictListener {
        void judged(Observation trial, History history, Assessor.Verdict verdict);
    }

    /**
     * Runs 12 trials of up to 10 steps, 3 at a time, asking {@code assessor} after every report; BAD stops the
     * trial, otherwise it succeeds with its last value.
     */
    protected static void simulate(
            Assessor assessor, SimulatedExperiment experiment, SplittableRandom rng, VerdictListener listener) {
        int trials = 12;
        int steps = 10;
        List<Long> running = new ArrayList<>();
        Map<Long, double[]> curves = new LinkedHashMap<>();
        int started = 0;
        while (started < trials || !running.isEmpty()) {
            while (running.size() < 3 && started < trials) {
                long id = experiment.submit(List.of(Map.of("trial", started))).get(0);
                started++;
                double ceiling = rng.nextDouble();
                double speed = 0.1 + rng.nextDouble();
                double[] curve = new double[steps];
                for (int t = 0; t < steps; t++) {
                    curve[t] = ceiling * (1 - Math.exp(-speed * (t + 1))) + 0.05 * rng.nextGaussian();
                }
                curves.put(id, curve);
                running.add(id);
            }
            long id = running.get(rng.nextInt(running.size()));
            int step = experiment.observation(id).intermediate().size();
            experiment.report(id, curves.get(id)[step]);
            Observation trial = experiment.observation(id);
            History history = experiment.history();
            Assessor.Verdict verdict = assessor.assess(trial, history);
            listener.judged(trial, history, verdict);
            if (verdict == Assessor.Verdict.BAD) {
                experiment.stopEarly(id);
                running.remove(id);
            } else if (step + 1 == steps) {
                experiment.succeed(id, curves.get(id)[step]);
                running.remove(id);
            }
        }
    }
}
