package dev.sibyl.tuner.builtin.batch;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.dimOf;
import static dev.sibyl.tuner.testkit.ContractSpaces.option;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchTunerTest {
    private static final Map<String, Object> ADAM = Map.of("optimizer", "Adam", "learning_rate", 0.001);
    private static final Map<String, Object> SGD = Map.of("optimizer", "SGD", "learning_rate", 0.01, "epochs", 10);
    private static final Map<String, Object> RMS = Map.of("optimizer", "RMSprop", "layers", List.of(64, 32));

    private final BatchFactory factory = new BatchFactory();

    private Tuner batch(Object... options) {
        return factory.create(
                Settings.empty(), SearchSpace.parse(space("combined", dimOf("choice", List.of(options)))), 0);
    }

    @Test
    void emitsEachParameterSetVerbatimInOrderThenRunsOut() {
        Tuner tuner = batch(ADAM, SGD, RMS);
        List<Map<String, Object>> first = tuner.ask(History.empty(), 2);
        assertThat(first).containsExactly(ADAM, SGD);
        assertThat(first.get(1).get("epochs")).isInstanceOf(Integer.class);
        History h = new History(List.of(Observation.pending(0, first.get(0)), Observation.pending(1, first.get(1))));
        assertThat(tuner.ask(h, 2)).as("fewer than asked: the last one").containsExactly(RMS);
        History all = h.plus(Observation.pending(2, RMS));
        assertThat(tuner.ask(all, 2)).isEmpty();
        assertThat(tuner.ask(all, 1)).isEmpty();
    }

    @Test
    void doesNotWrapParameterSetsInTheChoiceName() {
        Map<String, Object> p = batch(ADAM).ask(History.empty(), 1).get(0);
        assertThat(p).containsOnlyKeys("optimizer", "learning_rate").doesNotContainKey("combined");
    }

    @Test
    void skipsParameterSetsAlreadyInTheHistoryOncePerOccurrence() {
        Tuner tuner = batch(ADAM, SGD, ADAM, RMS);
        History imported =
                new History(List.of(Observation.succeeded(7, SGD, 0.5), Observation.succeeded(8, ADAM, 0.1)));
        assertThat(tuner.ask(imported, 10)).containsExactly(ADAM, RMS);
        assertThat(tuner.ask(History.empty(), 10)).containsExactly(ADAM, SGD, ADAM, RMS);
    }

    @Test
    void rejectsSpacesThatAreNotASingleChoiceOfParameterDicts() {
        assertThat(factory.validate(
                        Settings.empty(), SearchSpace.parse(space("a", dim("choice", ADAM), "b", dim("choice", SGD)))))
                .extracting(Violation::field)
                .containsExactly("searchSpace");
        assertThat(factory.validate(Settings.empty(), SearchSpace.parse(space("x", dim("uniform", 0, 1)))))
                .extracting(Violation::field)
                .containsExactly("searchSpace.x._type");
        assertThat(factory.validate(Settings.empty(), SearchSpace.parse(space("x", dim("choice", ADAM, 3, SGD)))))
                .extracting(Violation::field)
                .containsExactly("searchSpace.x._value[1]");
        assertThat(factory.validate(
                        Settings.empty(),
                        SearchSpace.parse(space("x", dim("choice", option("a", "y", dim("uniform", 0, 1)))))))
                .extracting(Violation::field)
                .containsExactly("searchSpace.x._value");
    }

    @Test
    void takesNoClassArgs() {
        SearchSpace ok = SearchSpace.parse(space("x", dim("choice", ADAM)));
        assertThat(factory.validate(Settings.empty(), ok)).isEmpty();
        assertThat(factory.validate(new Settings(Map.of("optimize_mode", "maximize")), ok))
                .extracting(Violation::field)
                .containsExactly("classArgs.optimize_mode");
    }
}
