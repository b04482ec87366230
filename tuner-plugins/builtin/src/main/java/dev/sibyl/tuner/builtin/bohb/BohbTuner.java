package dev.sibyl.tuner.builtin.bohb;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.builtin.hyperband.BracketPlan;
import dev.sibyl.tuner.builtin.hyperband.BracketSchedule;
import dev.sibyl.tuner.builtin.hyperband.TrialBudget;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * NNI's BOHB advisor (Falkner, Klein and Hutter 2018, "BOHB: Robust and Efficient Hyperparameter Optimization at
 * Scale", ICML) as a {@link Tuner}: Hyperband's schedule over {@code [min_budget, max_budget]} with new
 * configurations drawn from a TPE-like kernel density model instead of at random. Every proposal carries {@code
 * TRIAL_BUDGET} (see {@link TrialBudget}: the trial reads {@code params['TRIAL_BUDGET']} and trains for that
 * long); a promotion is a new trial with the same configuration and a larger budget.
 *
 * <ol>
 *   <li>Schedule: {@link BracketPlan} with {@code R = max_budget / min_budget} and {@code r = max_budget /
 *       eta^s} (NNI's arithmetic, budgets floored to integers), rebuilt from the history by {@link
 *       BracketSchedule}; the top {@code 1/eta} of a finished rung (by {@code optimize_mode}) are promoted.
 *   <li>Model (Falkner 2018 §3.1, hpbandster's {@code CG_BOHB}): results are grouped by {@code TRIAL_BUDGET}; the
 *       largest budget with at least {@code min_points_in_model} results (default and minimum: number of
 *       parameters {@code d} + 1) whose good and bad sets both have more than {@code d} points is modelled. The
 *       best {@code max(min_points, top_n_percent% of n)} results form the good density {@code l}, the next
 *       {@code max(min_points, (100 - top_n_percent)% of n)} the bad density {@code g} ({@link KernelDensity}).
 *   <li>A new configuration is random (from the prior, nested choices included) when there is no model yet or
 *       with probability {@code random_fraction}; otherwise {@code num_samples} candidates are drawn around
 *       random good points with bandwidths widened by {@code bandwidth_factor} (categorical: keep the point's
 *       option with probability {@code 1 - λ}), and the one minimising {@code g(x) / l(x)} is proposed.
 *   <li>Randomness for the proposal at history position p comes from {@link Seeds#forProposal}(seed, p).
 * </ol>
 *
 * Unlike NNI's BOHB, which idles free workers until the running bracket has ended, the next bracket starts
 * whenever nothing else can run (Hyperband's {@code parallelism} mode): the Sibyl SPI has no way to say "nothing
 * now, ask again later", and an answer shorter than asked ends the experiment's proposals.
 */
public final class BohbTuner implements Tuner {
    private final FlatSpace space;
    private final BohbArgs args;
    private final BracketPlan plan;
    private final long seed;
    private final int minPoints;

    BohbTuner(SearchSpace space, BohbArgs args, long seed) {
        this.space = FlatSpace.of(space);
        this.args = args;
        this.plan = new BracketPlan(args.maxBudget() / args.minBudget(), args.eta(), args.maxBudget());
        this.seed = seed;
        this.minPoints = Math.max(args.minPointsInModel().orElse(0), this.space.size() + 1);
    }

    /** The good and bad densities fitted on one budget. */
    record Model(double budget, KernelDensity good, KernelDensity bad) {}

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        BracketSchedule schedule = new BracketSchedule(plan, args.mode(), false);
        for (Observation o : history.observations()) {
            schedule.absorb(o);
        }
        Model model = model(history);
        return schedule.propose(history.size(), count, position -> fresh(model, position));
    }

    /** Step 2: the model on the largest budget with enough results, or null. */
    Model model(History history) {
        TreeMap<Double, List<Observation>> byBudget = new TreeMap<>(Comparator.reverseOrder());
        for (Observation o : history.observations()) {
            OptionalDouble b = TrialBudget.of(o.parameters());
            if (b.isPresent() && o.value() != null && Double.isFinite(o.value())) {
                byBudget.computeIfAbsent(b.getAsDouble(), k -> new ArrayList<>())
                        .add(o);
            }
        }
        int d = space.size();
        for (Map.Entry<Double, List<Observation>> e : byBudget.entrySet()) {
            List<double[]> sorted = new ArrayList<>();
            e.getValue().stream()
                    .sorted(Comparator.comparingDouble(o -> args.mode().toLoss(o.value())))
                    .forEach(o -> {
                        double[] x = unit(space.encode(TrialBudget.strip(o.parameters())));
                        if (!allNaN(x)) {
                            sorted.add(x);
                        }
                    });
            int n = sorted.size();
            if (n < minPoints) {
                continue;
            }
            int nGood = Math.max(minPoints, args.topNPercent() * n / 100);
            int nBad = Math.max(minPoints, (100 - args.topNPercent()) * n / 100);
            List<double[]> good = sorted.subList(0, Math.min(n, nGood));
            List<double[]> bad = sorted.subList(Math.min(n, nGood), Math.min(n, nGood + nBad));
            if (good.size() <= d || bad.size() <= d) {
                continue;
            }
            return new Model(
                    e.getKey(),
                    new KernelDensity(space, good, args.minBandwidth()),
                    new KernelDensity(space, bad, args.minBandwidth()));
        }
        return null;
    }

    /** Step 3: the new configuration for history position {@code position}. */
    private Map<String, Object> fresh(Model model, long position) {
        SplittableRandom rng = Seeds.forProposal(seed, position);
        if (model == null) {
            return space.decode(space.sample(rng));
        }
        if (rng.nextDouble() < args.randomFraction()) {
            return space.decode(space.sample(rng));
        }
        double[] best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        List<double[]> good = model.good().points();
        for (int i = 0; i < args.numSamples(); i++) {
            double[] datum = good.get(rng.nextInt(good.size()));
            double[] internal = space.blank();
            double[] unit = space.blank();
            for (int m = 0; m < internal.length; m++) {
                if (!space.active(m, internal)) {
                    continue;
                }
                double center = datum[m];
                if (Double.isNaN(center)) {
                    internal[m] = space.samplePrior(m, rng);
                } else if (space.param(m).dimension() instanceof Choice c) {
                    double lambda = Math.max(model.good().bandwidth(m), args.minBandwidth());
                    internal[m] = rng.nextDouble() < 1 - lambda ? center : rng.nextInt(c.size());
                } else {
                    double bw = Math.max(model.good().bandwidth(m), args.minBandwidth()) * args.bandwidthFactor();
                    internal[m] = KernelDensity.fromUnit(space, m, truncatedNormal(rng, center, bw));
                }
                unit[m] = KernelDensity.toUnit(space, m, internal[m]);
            }
            double score = Math.max(1e-32, model.bad().pdf(unit))
                    / Math.max(1e-32, model.good().pdf(unit));
            if (best == null || score < bestScore) {
                best = internal;
                bestScore = score;
            }
        }
        return space.decode(best);
    }

    /** A draw from N(center, sd) restricted to [0, 1], by rejection (clipped after 64 misses). */
    private static double truncatedNormal(SplittableRandom rng, double center, double sd) {
        for (int i = 0; i < 64; i++) {
            double v = center + sd * rng.nextGaussian();
            if (v >= 0 && v <= 1) {
                return v;
            }
        }
        return Math.min(1, Math.max(0, center));
    }

    private double[] unit(double[] internal) {
        double[] out = new double[internal.length];
        for (int m = 0; m < internal.length; m++) {
            out[m] = KernelDensity.toUnit(space, m, internal[m]);
        }
        return out;
    }

    private static boolean allNaN(double[] x) {
        for (double v : x) {
            if (!Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }
}
