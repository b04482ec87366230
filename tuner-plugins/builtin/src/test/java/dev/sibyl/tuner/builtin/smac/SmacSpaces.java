package dev.sibyl.tuner.builtin.smac;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;
import static dev.sibyl.tuner.testkit.ContractSpaces.space;

import dev.sibyl.tuner.testkit.ContractSpaces;
import dev.sibyl.tuner.testkit.ContractSpaces.NamedSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quicktheories.core.Gen;

/** Contract spaces restricted to the types SMAC supports (choice, randint, uniform, quniform, loguniform). */
final class SmacSpaces {
    private SmacSpaces() {}

    private static final Set<String> SUPPORTED = Set.of("choice", "randint", "uniform", "quniform", "loguniform");

    static List<NamedSpace> standard() {
        return List.of(
                new NamedSpace("supportedTypes", supportedTypes()),
                new NamedSpace("quantizedGrids", quantizedGrids()),
                new NamedSpace("randintUpperExclusive", ContractSpaces.randints()),
                new NamedSpace("typedChoices", ContractSpaces.typedChoices()),
                new NamedSpace("categoricalOnly", ContractSpaces.categoricalOnly()));
    }

    static Map<String, Object> supportedTypes() {
        return space(
                "optimizer", dim("choice", "adam", "sgd", "rmsprop"),
                "layers", dim("randint", 1, 5),
                "dropout", dim("uniform", 0.0, 0.5),
                "width", dim("quniform", 16, 256, 16),
                "lr", dim("loguniform", 1e-5, 1e-1));
    }

    static Map<String, Object> quantizedGrids() {
        return space(
                "q25", dim("quniform", 0, 10, 2.5),
                "q5clip", dim("quniform", 2, 10, 5),
                "qBeyondRange", dim("quniform", -5.5, -0.5, 6),
                "qTenth", dim("quniform", 0, 1, 0.1));
    }

    /** The testkit's random spaces with nested choices and unsupported types dropped (never empty). */
    static Gen<Map<String, Object>> random() {
        return ContractSpaces.random().map(SmacSpaces::supportedOnly);
    }

    static Map<String, Object> supportedOnly(Map<String, Object> json) {
        Map<String, Object> out = new LinkedHashMap<>();
        json.forEach((name, spec) -> {
            Map<?, ?> m = (Map<?, ?>) spec;
            List<?> values = (List<?>) m.get("_value");
            boolean nested = "choice".equals(m.get("_type"))
                    && values.stream().allMatch(v -> v instanceof Map<?, ?> o && o.containsKey("_name"));
            if (SUPPORTED.contains((String) m.get("_type")) && !nested) {
                out.put(name, spec);
            }
        });
        if (out.isEmpty()) {
            out.put("fallback", dim("uniform", -1, 1));
        }
        return out;
    }
}
