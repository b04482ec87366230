package dev.sibyl.tuner.builtin.multiobjective;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.TunerFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Median hypervolume of Sibyl's MOTPE and Random at a budget, over seeds 0..n-1, in-process. Run with
 * {@code java -cp <test classpath> dev.sibyl.tuner.builtin.multiobjective.MultiObjectiveBench [seeds] [budget]};
 * see docs/benchmarks/multi-objective.md.
 */
public final class MultiObjectiveBench {
    private MultiObjectiveBench() {}

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int budget = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<BiObjectiveProblem> problems =
                List.of(BiObjectiveProblem.zdt1(2), BiObjectiveProblem.zdt1(5), BiObjectiveProblem.mixed());
        System.out.println("| problem | tuner | median HV | min | max | ms per run |");
        System.out.println("|---|---|---|---|---|---|");
        for (BiObjectiveProblem problem : problems) {
            for (String name : List.of("TPE", "Random")) {
                TunerFactory factory = Algorithms.builtin().tuner(name).orElseThrow();
                double[] volumes = new double[seeds];
                long start = System.nanoTime();
                for (int s = 0; s < seeds; s++) {
                    volumes[s] = ParetoRuns.hypervolume(ParetoRuns.run(factory, Map.of(), problem, s, budget), problem);
                }
                double ms = (System.nanoTime() - start) / 1e6 / seeds;
                double min = java.util.Arrays.stream(volumes).min().orElseThrow();
                double max = java.util.Arrays.stream(volumes).max().orElseThrow();
                System.out.println(String.format(
                        Locale.ROOT,
                        "| %s | sibyl-%s | %.4f | %.4f | %.4f | %.0f |",
                        problem.name(),
                        name,
                        ParetoRuns.median(volumes),
                        min,
                        max,
                        ms));
            }
        }
    }
}
