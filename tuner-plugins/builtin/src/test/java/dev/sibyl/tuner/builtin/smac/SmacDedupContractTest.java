package dev.sibyl.tuner.builtin.smac;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.NamedSpace;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quicktheories.core.Gen;

/** SMAC with {@code config_dedup}: proposes every point of a finite space once, then runs out. */
class SmacDedupContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("SMAC").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of("optimize_mode", "maximize", "config_dedup", true);
    }

    @Override
    protected List<NamedSpace> searchSpaces() {
        return SmacSpaces.standard();
    }

    @Override
    protected Gen<Map<String, Object>> randomSearchSpaces() {
        return SmacSpaces.random();
    }

    /** 3 × 2 × 3 × 2 = 36 points. */
    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.of(new FiniteSpace(
                "finite36",
                space(
                        "a", dim("choice", "x", "y", "z"),
                        "b", dim("randint", 0, 2),
                        "c", dim("quniform", 0, 1, 0.5),
                        "k", dim("choice", 1, 2)),
                36));
    }
}
