package dev.sibyl.tuner.builtin.multiobjective;

import static dev.sibyl.tuner.testkit.ContractSpaces.dim;

import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.testkit.ContractSpaces;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Two-objective test problems with a known hypervolume reference point. {@code docs/benchmarks/mo_bench.py}
 * defines the same problems for the Optuna comparison; keep the two in step.
 *
 * @param name short name used in the benchmark tables
 * @param space the NNI search space
 * @param objectives both minimized
 * @param evaluate the two objective values of a parameter set
 * @param reference the hypervolume reference point
 */
public record BiObjectiveProblem(
        String name,
        Map<String, Object> space,
        List<Objective> objectives,
        Function<Map<String, Object>, List<Double>> evaluate,
        double[] reference) {

    private static final List<Objective> BOTH_MINIMIZED =
            List.of(new Objective("f1", OptimizeMode.MINIMIZE), new Objective("f2", OptimizeMode.MINIMIZE));

    /**
     * ZDT1 (Zitzler, Deb, Thiele 2000) with {@code n} variables in [0, 1]: f1 = x1, g = 1 + 9 mean(x2..xn), f2 =
     * g (1 - sqrt(f1 / g)); the front is f2 = 1 - sqrt(f1) at x2..xn = 0. Reference (1.1, 11), a tenth beyond the
     * objectives' box [0, 1] x [0, 10]: the front's hypervolume is 1.1 * 11 - 1/3 = 11.7667.
     */
    public static BiObjectiveProblem zdt1(int n) {
        Object[] pairs = new Object[2 * n];
        for (int i = 0; i < n; i++) {
            pairs[2 * i] = "x" + i;
            pairs[2 * i + 1] = dim("uniform", 0, 1);
        }
        return new BiObjectiveProblem(
                "zdt1-" + n,
                ContractSpaces.space(pairs),
                BOTH_MINIMIZED,
                p -> {
                    double f1 = number(p, "x0");
                    double sum = 0;
                    for (int i = 1; i < n; i++) {
                        sum += number(p, "x" + i);
                    }
                    double g = 1 + 9 * sum / (n - 1);
                    return List.of(f1, g * (1 - Math.sqrt(f1 / g)));
                },
                new double[] {1.1, 11});
    }

    /**
     * A mixed model-selection stand-in: error against cost, with a categorical optimizer that moves both, an
     * ordinal width, an integer depth and a log-scaled learning rate. Capacity {@code cap = layers * width /
     * 1792} (in (0, 1]); error = 0.1 + 0.5 (1 - cap)^2 + 0.2 (log10 lr - best(optimizer))^2 / 9 +
     * offset(optimizer); cost = cap + 0.1 for adam. Reference (1.0, 1.2).
     */
    public static BiObjectiveProblem mixed() {
        return new BiObjectiveProblem(
                "mixed",
                ContractSpaces.space(
                        "optimizer", dim("choice", "sgd", "adam", "rmsprop"),
                        "width", dim("choice", 16, 32, 64, 128, 256),
                        "layers", dim("randint", 1, 8),
                        "lr", dim("loguniform", 1e-4, 1e-1)),
                BOTH_MINIMIZED,
                p -> {
                    String optimizer = (String) p.get("optimizer");
                    double cap = number(p, "layers") * number(p, "width") / (7 * 256);
                    double bestLr = switch (optimizer) {
                        case "sgd" -> -1.5;
                        case "adam" -> -3.0;
                        default -> -2.5;
                    };
                    double offset = switch (optimizer) {
                        case "sgd" -> 0.05;
                        case "adam" -> 0.0;
                        default -> 0.02;
                    };
                    double lrMiss = Math.log10(number(p, "lr")) - bestLr;
                    double error = 0.1 + 0.5 * (1 - cap) * (1 - cap) + 0.2 * lrMiss * lrMiss / 9 + offset;
                    double cost = cap + ("adam".equals(optimizer) ? 0.1 : 0.0);
                    return List.of(error, cost);
                },
                new double[] {1.0, 1.2});
    }

    private static double number(Map<String, Object> p, String key) {
        return ((Number) p.get(key)).doubleValue();
    }
}
