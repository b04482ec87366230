package dev.sibyl.tuner.builtin.tpe;

import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.List;

/** The whole tuner contract for TPE searching three objectives (MOTPE). */
class TpeMultiObjectiveContractTest extends TpeContractTest {
    @Override
    protected List<Objective> objectives() {
        return List.of(
                new Objective("loss", OptimizeMode.MINIMIZE),
                new Objective("accuracy", OptimizeMode.MAXIMIZE),
                new Objective("latency", OptimizeMode.MINIMIZE));
    }
}
