package dev.sibyl.tuner.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {
    /** A tuner factory with a name that proposes nothing and accepts any classArgs. */
    record Named(String name, List<String> aliases) implements TunerFactory {
        @Override
        public List<Violation> validate(Settings classArgs, SearchSpace space) {
            return List.of();
        }

        @Override
        public Tuner create(Settings classArgs, SearchSpace space, long seed) {
            return (history, count) -> List.of();
        }
    }

    @Test
    void addedFactoriesAreFoundByNameOrAliasCaseInsensitivelyAndEarlierOnesWin() {
        Named first = new Named("Local", List.of("local@1"));
        Named shadowed = new Named("LOCAL", List.of());
        Named other = new Named("Other@2", List.of());
        Algorithms algorithms = Algorithms.of(List.of(first), List.of()).with(List.of(shadowed, other), List.of());
        assertThat(algorithms.tuner("local")).containsSame(first);
        assertThat(algorithms.tuner("LOCAL@1")).containsSame(first);
        assertThat(algorithms.tuner("other@2")).containsSame(other);
        assertThat(algorithms.tuner("nothing")).isEmpty();
        assertThat(algorithms.tuners()).containsExactly(first, shadowed, other);
        assertThat(Algorithms.of(List.of(), List.of()).tunerNames()).isEmpty();
    }
}
