package dev.sibyl.tuner.builtin.hyperband;

import dev.sibyl.tuner.builtin.encoding.ParameterKey;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.testkit.ContractSpaces;
import dev.sibyl.tuner.testkit.SimulatedExperiment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A multi-fidelity experiment on a synthetic learning curve, simulated in virtual time: {@code workers} trials run
 * at once, a trial with budget b takes b time units, and the tuner is asked for every free worker. A configuration
 * x = (x1, x2) in the unit square reaches {@code f(x) · (1 − exp(−b / τ(x)))} after budget b, with {@code f(x) = 1
 * − (x1 − 0.7)² − (x2 − 0.3)²} and {@code τ(x) = 3 + 6 · x2} (some configurations learn more slowly, so low-budget
 * rankings are informative but imperfect).
 */
public final class LearningCurveSimulation {
    /** The space of the simulation. */
    public static final Map<String, Object> SPACE = ContractSpaces.space(
            "x1", ContractSpaces.dim("uniform", 0.0, 1.0), "x2", ContractSpaces.dim("uniform", 0.0, 1.0));

    /**
     * What a run found.
     *
     * @param trials trials run
     * @param configurations distinct configurations tried
     * @param budgetSpent sum of TRIAL_BUDGET over all trials
     * @param chosen the value at max budget of the configuration with the best result at max budget
     * @param bestTried the best value at max budget among all configurations tried (what running every one of them
     *     at max budget would find, for {@code configurations × maxBudget})
     */
    public record Outcome(int trials, int configurations, double budgetSpent, double chosen, double bestTried) {
        /** Budget spent relative to running every tried configuration at max budget. */
        public double budgetRatio(double maxBudget) {
            return budgetSpent / (configurations * maxBudget);
        }

        public double regret() {
            return bestTried - chosen;
        }
    }

    private LearningCurveSimulation() {}

    public static double valueAt(Map<String, Object> p, double budget) {
        double x1 = ((Number) p.get("x1")).doubleValue();
        double x2 = ((Number) p.get("x2")).doubleValue();
        double f = 1 - (x1 - 0.7) * (x1 - 0.7) - (x2 - 0.3) * (x2 - 0.3);
        double tau = 3 + 6 * x2;
        return f * (1 - Math.exp(-budget / tau));
    }

    private record Running(double end, long id) {}

    /** Runs {@code tuner} until {@code budgetCap} is committed, then lets the running trials finish. */
    public static Outcome run(Tuner tuner, int workers, double budgetCap, double maxBudget) {
        SimulatedExperiment e = new SimulatedExperiment();
        PriorityQueue<Running> running =
                new PriorityQueue<>(Comparator.comparingDouble(Running::end).thenComparingLong(Running::id));
        double now = 0;
        double committed = 0;
        boolean open = true;
        while (true) {
            int free = workers - running.size();
            if (open && free > 0) {
                List<Map<String, Object>> batch = tuner.ask(e.history(), free);
                List<Long> ids = e.submit(batch);
                for (int i = 0; i < ids.size(); i++) {
                    double budget = ((Number) batch.get(i).get(TrialBudget.KEY)).doubleValue();
                    committed += budget;
                    running.add(new Running(now + budget, ids.get(i)));
                }
                open = committed < budgetCap && batch.size() == free;
            }
            Running done = running.poll();
            if (done == null) {
                break;
            }
            now = done.end();
            Map<String, Object> p = e.observation(done.id()).parameters();
            e.succeed(done.id(), valueAt(p, ((Number) p.get(TrialBudget.KEY)).doubleValue()));
        }
        Map<String, Map<String, Object>> tried = new HashMap<>();
        double chosen = Double.NEGATIVE_INFINITY;
        double bestAtMax = Double.NEGATIVE_INFINITY;
        List<Double> budgets = new ArrayList<>();
        for (var o : e.history().observations()) {
            Map<String, Object> configuration = TrialBudget.strip(o.parameters());
            tried.put(ParameterKey.of(configuration), configuration);
            double budget = ((Number) o.parameters().get(TrialBudget.KEY)).doubleValue();
            budgets.add(budget);
            if (budget == maxBudget && o.value() > bestAtMax) {
                bestAtMax = o.value();
                chosen = valueAt(configuration, maxBudget);
            }
        }
        double bestTried = tried.values().stream()
                .mapToDouble(c -> valueAt(c, maxBudget))
                .max()
                .orElseThrow();
        return new Outcome(
                e.size(),
                tried.size(),
                budgets.stream().mapToDouble(Double::doubleValue).sum(),
                chosen,
                bestTried);
    }
}
