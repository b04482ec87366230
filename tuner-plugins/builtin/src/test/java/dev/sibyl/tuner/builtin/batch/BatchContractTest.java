package dev.sibyl.tuner.builtin.batch;

import static dev.sibyl.tuner.testkit.ContractSpaces.dimOf;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.space.SearchSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.FiniteSpace;
import dev.sibyl.tuner.testkit.ContractSpaces.NamedSpace;
import dev.sibyl.tuner.testkit.TunerContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** The batch tuner's search spaces are lists of whole parameter sets, so the contract runs on those. */
class BatchContractTest extends TunerContract {
    @Override
    protected TunerFactory factory() {
        return Algorithms.builtin().tuner("Batch").orElseThrow();
    }

    @Override
    protected Map<String, Object> classArgs() {
        return Map.of();
    }

    @Override
    protected List<NamedSpace> searchSpaces() {
        return List.of(
                new NamedSpace("typed", typed()),
                new NamedSpace("sixty", batch(randomOptions(new SplittableRandom(9), 60))));
    }

    @Override
    protected Gen<Map<String, Object>> randomSearchSpaces() {
        return SourceDSL.longs().all().map(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            return batch(randomOptions(rng, 1 + rng.nextInt(40)));
        });
    }

    @Override
    protected Map<String, Object> typedSearchSpace() {
        return typed();
    }

    @Override
    protected Optional<FiniteSpace> finiteSpace() {
        return Optional.of(new FiniteSpace("six", batch(randomOptions(new SplittableRandom(4), 6)), 6));
    }

    @Override
    protected List<String> problems(Map<String, Object> spaceJson, SearchSpace space, Map<String, Object> parameters) {
        List<?> options = (List<?>) ((Map<?, ?>) spaceJson.get("combined")).get("_value");
        // Map.equals compares values with equals(), so an Integer never matches a Long or a Double here.
        return options.contains(parameters) ? List.of() : List.of(parameters + " is not one of the batch options");
    }

    @Override
    protected List<String> typeProblems(
            Map<String, Object> spaceJson, SearchSpace space, Map<String, Object> parameters) {
        return List.of();
    }

    static Map<String, Object> typed() {
        List<Object> options = new ArrayList<>();
        options.add(Map.of("optimizer", "Adam", "learning_rate", 0.001, "layers", 3));
        options.add(Map.of("optimizer", "SGD", "learning_rate", 0.01, "momentum", 0.9, "nesterov", true));
        options.add(Map.of("sizes", List.of(64, 128), "big", 10_000_000_000L, "ratio", 2.0));
        return batch(options);
    }

    static Map<String, Object> batch(List<Object> options) {
        return space("combined", dimOf("choice", options));
    }

    static List<Object> randomOptions(SplittableRandom rng, int n) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> option = new LinkedHashMap<>();
            option.put("index", i);
            option.put("lr", Math.rint(rng.nextDouble() * 1e4) / 1e4);
            option.put("optimizer", rng.nextBoolean() ? "adam" : "sgd");
            out.add(option);
        }
        return out;
    }
}
