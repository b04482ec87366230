package dev.sibyl.tuner.builtin.earlystop;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.Settings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints, for every built-in assessor, the epochs it consumes on the crossing learning curves of {@code
 * smoke_early_stop.py} (as a share of 60 × 30) and whether the truly best configuration survived, on the
 * script's own configurations and on several Java seeds. Run: {@code mvn -q -B -pl tuner-plugins/builtin -am
 * test-compile}, then {@code java -cp tuner-plugins/builtin/target/test-classes:tuner-plugins/builtin/target/classes:tuner-plugins/spi/target/classes
 * dev.sibyl.tuner.builtin.earlystop.EarlyStopBench [seeds] [assessor|all] [noise]}.
 */
public final class EarlyStopBench {
    private EarlyStopBench() {}

    /** The assessors compared, with the classArgs used (Optuna's smoke settings where they exist). */
    static Map<String, Map<String, Object>> contenders() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        out.put("Medianstop", Map.of("optimize_mode", "maximize", "start_step", 5));
        // Optuna MedianPruner(n_startup_trials=5, n_warmup_steps=5) with steps from 1, i.e. warm-up 4 from 0.
        out.put("Percentile", Map.of("percentile", 50.0, "n_startup_trials", 5, "n_warmup_steps", 4));
        out.put("Patient", Map.of("patience", 3));
        out.put("Threshold", Map.of("lower", 0.3, "n_warmup_steps", 4));
        out.put("Curvefitting", Map.of("epoch_num", 30, "start_step", 6, "threshold", 0.95));
        out.put("Outlook", Map.of("epoch_num", 30));
        return out;
    }

    static Assessor create(String name, Map<String, Object> classArgs) {
        return Algorithms.builtin().assessor(name).orElseThrow().create(new Settings(classArgs));
    }

    /**
     * Arguments: {@code [seeds] [assessor|all] [noise]}, defaults 5, all, 0. Seed "script" rows use the
     * script's own numpy configurations; the others draw the same distribution from Java seeds 0..seeds-1.
     */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String only = args.length > 1 && !args[1].equalsIgnoreCase("all") ? args[1] : null;
        double noise = args.length > 2 ? Double.parseDouble(args[2]) : 0.0;
        for (Map.Entry<String, Map<String, Object>> e : contenders().entrySet()) {
            if (only != null && !only.equalsIgnoreCase(e.getKey())) {
                continue;
            }
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-14s %s%n", e.getKey(), e.getValue()));
            if (noise == 0.0) {
                out.append(line("script", EarlyStopRun.of(create(e.getKey(), e.getValue()), CrossingCurves.script())));
            }
            for (long seed = 0; seed < seeds; seed++) {
                CrossingCurves task = CrossingCurves.generate(seed, noise);
                out.append(line(String.valueOf(seed), EarlyStopRun.of(create(e.getKey(), e.getValue()), task)));
            }
            System.out.print(out);
        }
    }

    private static String line(String seed, EarlyStopRun run) {
        return String.format(
                Locale.ROOT,
                "    seed %-6s stopped %2d/60  epochs %4d/1800 (%3.0f%%)  best final %.4f  true best kept: %s%n",
                seed,
                run.stopped(),
                run.epochs(),
                100 * run.epochShare(),
                run.bestFinal(),
                run.keptTrueBest());
    }
}
