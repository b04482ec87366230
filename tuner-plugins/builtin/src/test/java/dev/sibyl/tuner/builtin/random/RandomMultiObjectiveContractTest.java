package dev.sibyl.tuner.builtin.random;

import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.List;

/** The whole tuner contract for Random given two objectives. */
class RandomMultiObjectiveContractTest extends RandomContractTest {
    @Override
    protected List<Objective> objectives() {
        return List.of(new Objective("loss", OptimizeMode.MINIMIZE), new Objective("accuracy", OptimizeMode.MAXIMIZE));
    }
}
