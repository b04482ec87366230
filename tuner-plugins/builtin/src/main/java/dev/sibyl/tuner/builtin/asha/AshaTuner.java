package dev.sibyl.tuner.builtin.asha;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.encoding.ParameterKey;
import dev.sibyl.tuner.builtin.hyperband.TrialBudget;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel Hyperparameter Tuning",
 * MLSys, Algorithm 2) as a {@link Tuner}. Every proposal carries {@code TRIAL_BUDGET} (see {@link TrialBudget}:
 * the trial reads {@code params['TRIAL_BUDGET']} and trains for that long); a promotion is a new trial with the
 * same configuration and the next rung's budget.
 *
 * <ol>
 *   <li>Rung {@code k} runs with budget {@code r_k = min_budget * eta^k}, for {@code k = 0 .. K} with {@code K =
 *       floor(log_eta(max_budget / min_budget))}; budgets are JSON integers when {@code r_k} is one.
 *   <li>The rungs are rebuilt from the history on each ask: a parameter set carrying {@code r_k} is a member of
 *       rung {@code k}; configurations are compared without their budget.
 *   <li>For each free slot, from the top rung {@code K-1} down to 0: a configuration among the top {@code
 *       floor(c_k / eta)} of the {@code c_k} results completed at rung {@code k} (by {@code optimize_mode}) that
 *       has not yet run at rung {@code k+1} is promoted at once, without waiting for the rung to fill.
 *   <li>Otherwise a new random configuration starts at rung 0 (the draw for history position p comes from {@link
 *       Seeds#forProposal}(seed, p)). ASHA never waits and never runs out.
 * </ol>
 *
 * A configuration runs at most once per rung: one already present at rung {@code k+1} (pending, failed or done)
 * is never promoted there again.
 */
public final class AshaTuner implements Tuner {
    private final FlatSpace space;
    private final AshaFactory.Args args;
    private final long seed;
    private final double[] budgets;

    AshaTuner(SearchSpace space, AshaFactory.Args args, long seed) {
        this.space = FlatSpace.of(space);
        this.args = args;
        this.seed = seed;
        int top = (int) Math.floor(Math.log(args.maxBudget() / args.minBudget()) / Math.log(args.eta()) + 1e-6);
        this.budgets = new double[top + 1];
        for (int k = 0; k <= top; k++) {
            budgets[k] = args.minBudget() * Math.pow(args.eta(), k);
        }
    }

    /** The budget of rung {@code k} as the trial receives it. */
    Number budget(int k) {
        return TrialBudget.number(budgets[k]);
    }

    int rungs() {
        return budgets.length;
    }

    private record Result(String key, Map<String, Object> configuration, double loss, long order) {}

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        // Step 2: the rungs as the history shows them.
        List<List<Result>> completed = new ArrayList<>();
        List<Set<String>> present = new ArrayList<>();
        for (int k = 0; k < budgets.length; k++) {
            completed.add(new ArrayList<>());
            present.add(new HashSet<>());
        }
        long order = 0;
        for (Observation o : history.observations()) {
            int k = rungOf(o.parameters());
            if (k < 0) {
                continue;
            }
            Map<String, Object> configuration = TrialBudget.strip(o.parameters());
            String key = ParameterKey.of(configuration);
            present.get(k).add(key);
            if (o.value() != null) {
                completed.get(k).add(new Result(key, configuration, args.mode().toLoss(o.value()), order++));
            }
        }
        List<List<Result>> ranked = new ArrayList<>();
        for (List<Result> rung : completed) {
            ranked.add(rung.stream()
                    .sorted(Comparator.comparingDouble(Result::loss).thenComparingLong(Result::order))
                    .toList());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int slot = 0; slot < count; slot++) {
            Map<String, Object> proposal = promotion(ranked, present);
            if (proposal == null) {
                // Step 4: a new configuration at the base rung.
                long position = (long) history.size() + slot;
                Map<String, Object> fresh = space.decode(space.sample(Seeds.forProposal(seed, position)));
                proposal = TrialBudget.with(fresh, budget(0));
                present.get(0).add(ParameterKey.of(fresh));
            }
            out.add(proposal);
        }
        return out;
    }

    /** Step 3: the promotion to start now, recorded in {@code present}; null when there is none. */
    private Map<String, Object> promotion(List<List<Result>> ranked, List<Set<String>> present) {
        for (int k = budgets.length - 2; k >= 0; k--) {
            List<Result> rung = ranked.get(k);
            int top = rung.size() / args.eta();
            for (Result r : rung.subList(0, top)) {
                if (!present.get(k + 1).contains(r.key())) {
                    present.get(k + 1).add(r.key());
                    return TrialBudget.with(r.configuration(), budget(k + 1));
                }
            }
        }
        return null;
    }

    private int rungOf(Map<String, Object> parameters) {
        OptionalDouble b = TrialBudget.of(parameters);
        if (b.isEmpty()) {
            return -1;
        }
        for (int k = 0; k < budgets.length; k++) {
            if (Math.abs(budgets[k] - b.getAsDouble()) <= 1e-9 * budgets[k]) {
                return k;
            }
        }
        return -1;
    }
}
