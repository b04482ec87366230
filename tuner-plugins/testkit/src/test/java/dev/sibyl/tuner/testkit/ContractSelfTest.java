package dev.sibyl.tuner.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The contracts must fail for tuners and assessors that break them. Each case is a working algorithm with one
 * defect; the matching contract test must reject it while the sound version passes.
 */
class ContractSelfTest {

    /** Prior sampling from a per-position seed, deduplicated on finite spaces: honours the whole contract. */
    static final class SoundTuner implements Tuner {
        private final SearchSpace space;
        private final long seed;

        SoundTuner(SearchSpace space, long seed) {
            this.space = space;
            this.seed = seed;
        }

        @Override
        public List<Map<String, Object>> ask(History history, int count) {
            Set<String> seen = new HashSet<>();
            history.observations().forEach(o -> seen.add(CanonicalJson.of(o.parameters())));
            List<Map<String, Object>> out = new ArrayList<>();
            int position = history.size();
            for (int attempt = 0; out.size() < count && attempt < 2000; attempt++) {
                Map<String, Object> p =
                        space.sample(new SplittableRandom(seed * 1_000_003L + position * 7919L + attempt));
                if (seen.add(CanonicalJson.of(p))) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    static TunerFactory factory(String name, TunerFactoryBody body) {
        return new TunerFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Violation> validate(Settings classArgs, SearchSpace space) {
                List<Violation> out = new ArrayList<>();
                for (String key : classArgs.asMap().keySet()) {
                    out.add(new Violation("classArgs." + key, "unknown"));
                }
                return out;
            }

            @Override
            public Tuner create(Settings classArgs, SearchSpace space, long seed) {
                if (!validate(classArgs, space).isEmpty()) {
                    throw new dev.sibyl.tuner.spi.InvalidInputException(validate(classArgs, space));
                }
                return body.create(space, seed);
            }
        };
    }

    @FunctionalInterface
    interface TunerFactoryBody {
        Tuner create(SearchSpace space, long seed);
    }

    static TunerContract contract(TunerFactory factory) {
        return new TunerContract() {
            @Override
            protected TunerFactory factory() {
                return factory;
            }

            @Override
            protected Map<String, Object> classArgs() {
                return Map.of();
            }
        };
    }

    /** The sound tuner with every proposal rewritten by {@code defect}. */
    static TunerContract defective(UnaryOperator<Map<String, Object>> defect) {
        return contract(factory("defective", (space, seed) -> {
            Tuner sound = new SoundTuner(space, seed);
            return (history, count) ->
                    sound.ask(history, count).stream().map(defect).toList();
        }));
    }

    @Test
    void soundTunerPassesTheContract() {
        TunerContract c = contract(factory("sound", SoundTuner::new));
        assertThatCode(() -> {
                    c.everyProposalLiesInTheSpace();
                    c.valuesKeepTheirJsonTypes();
                    c.sameSeedAndHistoryGiveTheSameProposals();
                    c.freshTunerHandedTheLiveHistoryProposesWhatTheLiveOneDid();
                    c.asksForSeveralParameterSetsWithPendingObservationsStayValid();
                    c.exhaustedTunerKeepsReturningNothing();
                    c.rejectsAnUnknownClassArgsKeyNamingTheField();
                })
                .doesNotThrowAnyException();
    }

    @Test
    void randintUpperBoundIsCaught() {
        TunerContract c = defective(p -> {
            Map<String, Object> out = new LinkedHashMap<>(p);
            out.computeIfPresent("oneToFour", (k, v) -> 4L);
            out.computeIfPresent("layers", (k, v) -> 5L);
            return out;
        });
        assertThatThrownBy(c::everyProposalLiesInTheSpace).isInstanceOf(AssertionError.class);
    }

    @Test
    void integersTurnedIntoFloatsAreCaught() {
        TunerContract c = defective(p -> {
            Map<String, Object> out = new LinkedHashMap<>(p);
            out.computeIfPresent("ints", (k, v) -> ((Number) v).doubleValue());
            return out;
        });
        assertThatThrownBy(c::valuesKeepTheirJsonTypes).isInstanceOf(AssertionError.class);
    }

    @Test
    void hiddenRandomStateIsCaughtByReplay() {
        TunerContract c = contract(factory("stateful", (space, seed) -> new Tuner() {
            private final Random rng = new Random(seed);

            @Override
            public List<Map<String, Object>> ask(History history, int count) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    out.add(space.sample(new SplittableRandom(rng.nextLong())));
                }
                return out;
            }
        }));
        assertThatCode(c::sameSeedAndHistoryGiveTheSameProposals).doesNotThrowAnyException();
        assertThatThrownBy(c::freshTunerHandedTheLiveHistoryProposesWhatTheLiveOneDid)
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void tunerThatStartsOverAfterRunningOutIsCaught() {
        TunerContract c = contract(factory("forgetful", (space, seed) -> {
            Tuner sound = new SoundTuner(space, seed);
            return (history, count) -> {
                List<Map<String, Object>> next = sound.ask(history, count);
                return next.isEmpty() ? sound.ask(History.empty(), count) : next;
            };
        }));
        assertThatThrownBy(c::exhaustedTunerKeepsReturningNothing).isInstanceOf(AssertionError.class);
    }

    @Test
    void assessorWithHiddenStateIsCaught() {
        AssessorFactory moody = new AssessorFactory() {
            @Override
            public String name() {
                return "moody";
            }

            @Override
            public List<Violation> validate(Settings classArgs) {
                return classArgs.unknownKeys(Set.of());
            }

            @Override
            public Assessor create(Settings classArgs) {
                return new Assessor() {
                    private int calls;

                    @Override
                    public Verdict assess(Observation trial, History history) {
                        return ++calls % 5 == 0 ? Verdict.BAD : Verdict.GOOD;
                    }
                };
            }
        };
        AssessorContract c = new AssessorContract() {
            @Override
            protected AssessorFactory factory() {
                return moody;
            }

            @Override
            protected Map<String, Object> classArgs() {
                return Map.of();
            }
        };
        assertThatThrownBy(c::freshAssessorAgreesWithTheLiveOne).isInstanceOf(AssertionError.class);
    }
}
