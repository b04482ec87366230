package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.builtin.random.RandomFactory;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Ask latency of GPTuner (default classArgs) on a 6-d space at 100 and 500 observations, against Random's ask in
 * the same process. Not a test: a JMH-free main, run after {@code test-compile} with
 *
 * <pre>
 * java -cp tuner-plugins/builtin/target/classes:tuner-plugins/builtin/target/test-classes:tuner-plugins/spi/target/classes \
 *     dev.sibyl.tuner.builtin.gp.GpAskBench
 * </pre>
 *
 * For each size N a live tuner is driven from N - 40 to N observations, one result at a time (its caches warm, as
 * in an experiment); the 20 asks closest to N are timed. "steady" is their median, "max" their maximum (a
 * hyper-parameter refit of the schedule lands there when one is due), "fresh" a new tuner handed the N-history
 * (a restart: it refits first).
 */
public final class GpAskBench {
    private static final int DIMENSIONS = 6;

    private GpAskBench() {}

    public static void main(String[] args) {
        SearchSpace space = SearchSpace.parse(space());
        for (int round = 0; round < 2; round++) {
            // The first round warms the JIT; only the second is printed.
            boolean print = round == 1;
            for (int n : new int[] {100, 500}) {
                double[] gp = measure(new GpFactory(), space, n);
                double[] random = measure(new RandomFactory(), space, n);
                if (print) {
                    System.out.printf(
                            Locale.ROOT,
                            "n=%d  GP steady %.2f ms (max %.1f, fresh %.1f)  Random %.4f ms  ratio GP/Random %.0fx%n",
                            n,
                            gp[0],
                            gp[1],
                            gp[2],
                            random[0],
                            gp[0] / random[0]);
                }
            }
        }
    }

    /** {median, max, fresh} ask time in milliseconds. */
    private static double[] measure(TunerFactory factory, SearchSpace space, int n) {
        List<Observation> observations = history(n);
        Settings args = new Settings(Map.of("optimize_mode", "minimize"));
        Tuner tuner = factory.create(args, space, 7);
        tuner.ask(new History(observations.subList(0, n - 40)), 1);
        double[] times = new double[20];
        for (int k = n - 39; k <= n; k++) {
            History h = new History(observations.subList(0, k));
            long start = System.nanoTime();
            tuner.ask(h, 1);
            double ms = (System.nanoTime() - start) / 1e6;
            if (k > n - 20) {
                times[k - (n - 19)] = ms;
            }
        }
        long start = System.nanoTime();
        factory.create(args, space, 7).ask(new History(observations), 1);
        double fresh = (System.nanoTime() - start) / 1e6;
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2], sorted[sorted.length - 1], fresh};
    }

    private static Map<String, Object> space() {
        Map<String, Object> s = new LinkedHashMap<>();
        for (int i = 0; i < DIMENSIONS; i++) {
            s.put("x" + i, Map.of("_type", "uniform", "_value", List.of(0.0, 1.0)));
        }
        return s;
    }

    /** n results of a smooth 6-d function at random points. */
    private static List<Observation> history(int n) {
        SplittableRandom rng = new SplittableRandom(11);
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            double value = 0;
            for (int d = 0; d < DIMENSIONS; d++) {
                double x = rng.nextDouble();
                p.put("x" + d, x);
                value += (x - 0.3) * (x - 0.3) + 0.1 * Math.sin(9 * x);
            }
            out.add(Observation.succeeded(i, p, value));
        }
        return out;
    }
}
