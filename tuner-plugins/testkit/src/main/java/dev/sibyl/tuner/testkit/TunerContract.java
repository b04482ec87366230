package dev.sibyl.tuner.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.NamedSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The contract every tuner honours, built-in or uploaded. Extend it, return the factory and the classArgs to
 * test with, and every test below runs against your tuner:
 *
 * <ul>
 *   <li>every proposal lies in the search space, for spaces covering all ten types, q-grids, {@code randint}'s
 *       exclusive upper bound, choices nested two levels deep, and random spaces;
 *   <li>values keep their JSON types;
 *   <li>the same seed and history give the same proposals, and a fresh instance handed the history of a live
 *       run proposes what the live one did (replay equals live);
 *   <li>asks of several parameter sets with pending observations stay valid;
 *   <li>a tuner that has exhausted a finite space keeps returning nothing;
 *   <li>validate() accepts the classArgs under test and names unknown keys.
 * </ul>
 *
 * A tuner that supports several objectives runs the contract a second time with {@link #objectives()}
 * overridden: results then carry one value per objective.
 *
 * Runs simulate an experiment: asks of 1 to 3 parameter sets, the newest batch left pending, some trials
 * failing, values from {@link SyntheticObjective}. Override the protected hooks for tuners with special search
 * spaces (as the batch tuner) or that never exhaust a space.
 */
public abstract class TunerContract {
    private static final long SEED = 20_240_601L;

    /** The factory under test. */
    protected abstract TunerFactory factory();

    private final List<Tuner> created = new ArrayList<>();

    /** The classArgs to run with (JSON object as a map). */
    protected abstract Map<String, Object> classArgs();

    /**
     * The objectives of the simulated search; two or more make it multi-objective (results carry a value per
     * objective and the tuner is created with {@link TunerFactory#create(Settings, SearchSpace, long, List)}).
     */
    protected List<Objective> objectives() {
        return List.of();
    }

    /** Fixed spaces the tuner must handle. */
    protected List<NamedSpace> searchSpaces() {
        return ContractSpaces.standard();
    }

    /** Random spaces for the property tests. */
    protected Gen<Map<String, Object>> randomSearchSpaces() {
        return ContractSpaces.random();
    }

    /** A space whose values exercise every JSON type rule. */
    protected Map<String, Object> typedSearchSpace() {
        return ContractSpaces.typedChoices();
    }

    /**
     * A finite space the tuner is expected to exhaust after proposing each of its points exactly once; empty
     * for tuners that never run out, which skips the exhaustion test.
     */
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.of(ContractSpaces.finite());
    }

    /** Proposals per simulated run: enough to leave a model-based tuner's warm-up behind. */
    protected int rounds() {
        return 40;
    }

    /** Examples per property test. */
    protected int propertyExamples() {
        return 20;
    }

    /** What is wrong with {@code parameters} for this space; by default {@link SearchSpace#check}. */
    protected List<String> problems(Map<String, Object> spaceJson, SearchSpace space, Map<String, Object> parameters) {
        return space.check(parameters);
    }

    /** JSON type problems of {@code parameters}; by default {@link JsonTypes#problems}. */
    protected List<String> typeProblems(
            Map<String, Object> spaceJson, SearchSpace space, Map<String, Object> parameters) {
        return JsonTypes.problems(space, parameters);
    }

    protected final Settings settings() {
        return new Settings(classArgs());
    }

    /**
     * A tuner for {@code spaceJson}, after checking that validate() accepts the setup. Tuners that hold resources
     * (an out-of-process host) implement {@link AutoCloseable}; the contract closes them when it is done with them.
     */
    protected final Tuner create(Map<String, Object> spaceJson, long seed) {
        SearchSpace space = SearchSpace.parse(spaceJson);
        assertThat(factory().validate(settings(), space, objectives()))
                .as("validate() on the classArgs under test and %s", spaceJson)
                .isEmpty();
        Tuner tuner = factory().create(settings(), space, seed, objectives());
        created.add(tuner);
        return tuner;
    }

    /** Closes every tuner created so far that holds resources. */
    @AfterEach
    protected final void closeTuners() {
        created.forEach(TunerContract::close);
        created.clear();
    }

    private static void close(Tuner tuner) {
        if (tuner instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + tuner + " failed", e);
            }
        }
    }

    @Test
    void acceptsItsClassArgsOnEveryContractSpace() {
        for (NamedSpace s : searchSpaces()) {
            assertThat(factory().validate(settings(), SearchSpace.parse(s.json())))
                    .as(s.name())
                    .isEmpty();
        }
    }

    @Test
    void rejectsAnUnknownClassArgsKeyNamingTheField() {
        Map<String, Object> args = new LinkedHashMap<>(classArgs());
        args.put("no_such_argument", 1);
        Settings settings = new Settings(args);
        SearchSpace space = SearchSpace.parse(searchSpaces().get(0).json());
        assertThat(factory().validate(settings, space))
                .extracting(Violation::field)
                .contains("classArgs.no_such_argument");
        assertThatThrownBy(() -> factory().create(settings, space, SEED))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("classArgs.no_such_argument");
    }

    @Test
    void everyProposalLiesInTheSpace() {
        for (NamedSpace s : searchSpaces()) {
            SearchSpace space = SearchSpace.parse(s.json());
            Run run = new Run(create(s.json(), SEED), SEED);
            run.proceed(rounds());
            assertThat(run.proposals()).as(s.name()).isNotEmpty();
            for (Map<String, Object> p : run.proposals()) {
                assertThat(problems(s.json(), space, p)).as(s.name() + " " + p).isEmpty();
            }
            closeTuners();
        }
    }

    @Test
    void valuesKeepTheirJsonTypes() {
        Map<String, Object> json = typedSearchSpace();
        SearchSpace space = SearchSpace.parse(json);
        Run run = new Run(create(json, SEED), SEED);
        run.proceed(rounds());
        assertThat(run.proposals()).isNotEmpty();
        for (Map<String, Object> p : run.proposals()) {
            assertThat(problems(json, space, p)).as(p.toString()).isEmpty();
            assertThat(typeProblems(json, space, p)).as(p.toString()).isEmpty();
        }
    }

    @Test
    void sameSeedAndHistoryGiveTheSameProposals() {
        for (NamedSpace s : searchSpaces()) {
            Run first = new Run(create(s.json(), SEED), SEED);
            first.proceed(rounds());
            Run second = new Run(create(s.json(), SEED), SEED);
            second.proceed(rounds());
            assertThat(second.asks).as(s.name()).isEqualTo(first.asks);
            closeTuners();
        }
    }

    @Test
    void freshTunerHandedTheLiveHistoryProposesWhatTheLiveOneDid() {
        for (NamedSpace s : searchSpaces()) {
            assertReplayEqualsLive(s.json(), SEED + 1, rounds());
            closeTuners();
        }
    }

    @Test
    void asksForSeveralParameterSetsWithPendingObservationsStayValid() {
        for (NamedSpace s : searchSpaces()) {
            SearchSpace space = SearchSpace.parse(s.json());
            Tuner tuner = create(s.json(), SEED);
            SimulatedExperiment experiment = new SimulatedExperiment();
            List<Map<String, Object>> first = tuner.ask(experiment.history(), 3);
            assertThat(first).as(s.name()).isNotEmpty();
            experiment.submit(first);
            boolean exhausted = first.size() < 3;
            for (int round = 0; round < 8; round++) {
                List<Map<String, Object>> batch = tuner.ask(experiment.history(), 6);
                assertThat(batch).as(s.name()).hasSizeLessThanOrEqualTo(6);
                if (exhausted) {
                    assertThat(batch)
                            .as(s.name() + ": asked again after running out")
                            .isEmpty();
                }
                exhausted |= batch.size() < 6;
                for (Map<String, Object> p : batch) {
                    assertThat(problems(s.json(), space, p))
                            .as(s.name() + " " + p)
                            .isEmpty();
                }
                experiment.submit(batch);
                List<Long> pending = experiment.pendingIds();
                for (int i = 0; i < pending.size() / 2; i++) {
                    long id = pending.get(i);
                    succeed(
                            experiment,
                            id,
                            SyntheticObjective.of(experiment.observation(id).parameters()));
                }
            }
            closeTuners();
        }
    }

    @Test
    void exhaustedTunerKeepsReturningNothing() {
        Optional<FiniteSpace> finite = finiteSpace();
        assumeTrue(finite.isPresent(), "this tuner does not exhaust finite spaces");
        FiniteSpace f = finite.get();
        SearchSpace space = SearchSpace.parse(f.json());
        Tuner tuner = create(f.json(), SEED);
        SimulatedExperiment experiment = new SimulatedExperiment();
        List<Map<String, Object>> all = new ArrayList<>();
        boolean exhausted = false;
        for (int ask = 0; ask < f.points() + 20 && !exhausted; ask++) {
            List<Map<String, Object>> batch = tuner.ask(experiment.history(), 4);
            exhausted = batch.size() < 4;
            all.addAll(batch);
            List<Long> ids = experiment.submit(batch);
            for (int i = 0; i < ids.size(); i++) {
                succeed(experiment, ids.get(i), SyntheticObjective.of(batch.get(i)));
            }
        }
        assertThat(exhausted).as("ran out within %s asks", f.points() + 20).isTrue();
        Set<String> distinct = new HashSet<>();
        for (Map<String, Object> p : all) {
            assertThat(problems(f.json(), space, p)).as(p.toString()).isEmpty();
            distinct.add(CanonicalJson.of(p));
        }
        assertThat(all).as("every point once").hasSize(f.points());
        assertThat(distinct).hasSize(f.points());
        for (int n = 1; n <= 3; n++) {
            assertThat(tuner.ask(experiment.history(), n)).isEmpty();
        }
        assertThat(create(f.json(), SEED).ask(experiment.history(), 2))
                .as("a rebuilt tuner")
                .isEmpty();
    }

    @Test
    void toleratesFailedCustomizedAndForeignObservations() {
        for (NamedSpace s : searchSpaces()) {
            SearchSpace space = SearchSpace.parse(s.json());
            SimulatedExperiment experiment = new SimulatedExperiment();
            Map<String, Object> customized = space.sample(new SplittableRandom(3));
            Map<String, Object> foreign = Map.of("not_in_the_space", 1.5);
            List<Long> ids = experiment.submit(List.of(customized, foreign, customized));
            succeed(experiment, ids.get(0), 1.0);
            succeed(experiment, ids.get(1), -1.0);
            experiment.fail(ids.get(2));
            Run run = new Run(create(s.json(), SEED), SEED, experiment);
            run.proceed(rounds());
            for (Map<String, Object> p : run.proposals()) {
                assertThat(problems(s.json(), space, p)).as(s.name() + " " + p).isEmpty();
            }
            closeTuners();
        }
    }

    @Test
    void proposalsStayInsideRandomSearchSpaces() {
        qt().withExamples(propertyExamples())
                .forAll(randomSearchSpaces(), longs().all())
                .checkAssert((json, seed) -> {
                    SearchSpace space = SearchSpace.parse(json);
                    Run run = new Run(create(json, seed), seed);
                    run.proceed(30);
                    for (Map<String, Object> p : run.proposals()) {
                        assertThat(problems(json, space, p)).as(json + " " + p).isEmpty();
                        assertThat(typeProblems(json, space, p))
                                .as(json + " " + p)
                                .isEmpty();
                    }
                    closeTuners();
                });
    }

    @Test
    void replayEqualsLiveOnRandomSearchSpaces() {
        qt().withExamples(propertyExamples())
                .forAll(randomSearchSpaces(), longs().all())
                .checkAssert((json, seed) -> {
                    assertReplayEqualsLive(json, seed, 30);
                    closeTuners();
                });
    }

    private void assertReplayEqualsLive(Map<String, Object> json, long seed, int rounds) {
        Run live = new Run(create(json, seed), seed);
        live.onAsk = (history, count, proposals) -> {
            Tuner fresh = create(json, seed);
            List<Map<String, Object>> replayed = fresh.ask(history, count);
            created.remove(fresh);
            close(fresh);
            assertThat(replayed)
                    .as("fresh tuner at history size %s, %s", history.size(), json)
                    .isEqualTo(proposals);
        };
        live.proceed(rounds);
    }

    /** A hook called after every live ask. */
    @FunctionalInterface
    private interface AskListener {
        void asked(History history, int count, List<Map<String, Object>> proposals);
    }

    /**
     * Records a success of {@code id} with {@code value}, or in a multi-objective search with {@code value}
     * followed by a deterministic function of it per further objective.
     */
    private void succeed(SimulatedExperiment experiment, long id, double value) {
        if (!Objective.several(objectives())) {
            experiment.succeed(id, value);
            return;
        }
        List<Double> values = new ArrayList<>();
        values.add(value);
        for (int k = 1; k < objectives().size(); k++) {
            values.add(Math.cos((k + 2) * value));
        }
        experiment.succeed(id, values);
    }

    /** One simulated experiment driven by one tuner instance. */
    private final class Run {
        final Tuner tuner;
        final SplittableRandom schedule;
        final SimulatedExperiment experiment;
        final List<List<Map<String, Object>>> asks = new ArrayList<>();
        AskListener onAsk = (h, c, p) -> {};

        Run(Tuner tuner, long seed) {
            this(tuner, seed, new SimulatedExperiment());
        }

        Run(Tuner tuner, long seed, SimulatedExperiment experiment) {
            this.tuner = tuner;
            this.schedule = new SplittableRandom(seed ^ 0x5DEECE66DL);
            this.experiment = experiment;
        }

        List<Map<String, Object>> proposals() {
            return asks.stream().flatMap(List::stream).toList();
        }

        /** Asks until {@code count} proposals were made or the tuner runs out. */
        void proceed(int count) {
            int made = 0;
            while (made < count) {
                int n = 1 + schedule.nextInt(3);
                History before = experiment.history();
                List<Map<String, Object>> batch = tuner.ask(before, n);
                assertThat(batch).hasSizeLessThanOrEqualTo(n);
                onAsk.asked(before, n, batch);
                asks.add(batch);
                made += batch.size();
                List<Long> older = experiment.pendingIds();
                experiment.submit(batch);
                for (long id : older) {
                    if (schedule.nextInt(8) == 0) {
                        experiment.fail(id);
                    } else {
                        succeed(
                                experiment,
                                id,
                                SyntheticObjective.of(experiment.observation(id).parameters()));
                    }
                }
                if (batch.size() < n) {
                    return;
                }
            }
        }
    }
}
