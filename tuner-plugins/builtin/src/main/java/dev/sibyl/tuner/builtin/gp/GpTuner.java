package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Gaussian-process Bayesian optimisation with NNI's classArgs (J. Snoek, H. Larochelle, R. P. Adams, "Practical
 * Bayesian Optimization of Machine Learning Algorithms", NeurIPS 2012; Rasmussen &amp; Williams 2006). One
 * proposal is made as follows.
 *
 * <ol>
 *   <li><b>Cold start.</b> While fewer than {@code cold_start_num} parameter sets were proposed (pending ones
 *       included) or fewer than two results are known, the proposal is a draw from the prior ({@link
 *       UnitCube#sample}).
 *   <li><b>Model.</b> Results are mapped to the unit cube ({@link UnitCube}) and scored (larger is better); a GP
 *       with a Matérn-{@code nu} kernel (RBF for {@code nu = inf}), one length scale per parameter, fitted
 *       signal variance and a noise of at least {@code alpha} is fitted by maximizing the log marginal
 *       likelihood ({@link GpSurrogate}, {@link HyperparameterFit}).
 *   <li><b>Constant liar.</b> Every pending parameter set, and every earlier proposal of the same ask, is added
 *       to the model with the best score seen as its value (Ginsbourger, Le Riche &amp; Carraro 2010), so a
 *       batch spreads out.
 *   <li><b>Acquisition</b> ({@code utility}: EI, UCB with {@code kappa}, POI with {@code xi}; {@link
 *       Acquisition}) is maximized by {@link AcquisitionSearch}: random warm-up points plus the three best
 *       results as seeds, then local refinement of the best {@code min(selection_num_starting_points, 5)}.
 *       The warm-up is {@code min(selection_num_warm_up, ¾ E)} points and the refinement gets the other quarter,
 *       where E is {@link AcquisitionSearch#evaluationBudget}. NNI scores all 100,000 warm-up points and runs 250
 *       L-BFGS-B searches, which takes seconds per ask.
 *   <li><b>Trial value.</b> The best point is decoded (nearest option, quantization and clipping as NNI).
 * </ol>
 *
 * Differences from NNI: length scales per parameter (NNI: one shared length scale) and a fitted noise level
 * (NNI: {@code alpha} only); a constant liar for parallel asks (NNI proposes the same point again); no
 * deduplication, as NNI. Randomness for the proposal at position p comes from {@link Seeds#forProposal}(seed,
 * p) only, and the caches of {@link GpSurrogate} never change an answer, so a rebuilt tuner proposes what the
 * live one did.
 */
public final class GpTuner implements Tuner {
    static final int MAX_LOCAL_STARTS = 5;
    private static final int SEEDS_FROM_RESULTS = 3;

    private final UnitCube cube;
    private final GpArgs args;
    private final long seed;
    private final GpSurrogate surrogate;

    GpTuner(SearchSpace space, GpArgs args, long seed) {
        this.cube = UnitCube.of(space);
        this.args = args;
        this.seed = seed;
        this.surrogate = new GpSurrogate(cube, args.mode(), args.nu(), args.alpha(), seed);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        int size = history.size();
        GpSurrogate.Data data = surrogate.data(history);
        GpSurrogate.Model model = null;
        GaussianProcess gp = null;
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RandomGenerator rng = Seeds.forProposal(seed, (long) size + i);
            long position = (long) size + i;
            if (position < args.coldStartNum() || data.size() < 2) {
                out.add(cube.decode(cube.sample(rng)));
                continue;
            }
            if (model == null) {
                model = surrogate.model(data);
                gp = model.withLies(model.gp(), model.pending());
            }
            double[] x = propose(model, gp, rng);
            out.add(cube.decode(x));
            gp = model.withLies(gp, List.of(x));
        }
        return out;
    }

    private double[] propose(GpSurrogate.Model model, GaussianProcess gp, RandomGenerator rng) {
        int n = gp.size();
        int d = cube.dimension();
        int evaluations = AcquisitionSearch.evaluationBudget(n, d);
        int warmUp = Math.min(args.warmUp(), evaluations * 3 / 4);
        int starts = Math.min(args.startingPoints(), MAX_LOCAL_STARTS);
        int localSteps = Math.max(1, (evaluations - warmUp) / starts);
        double best = model.bestScore();
        return AcquisitionSearch.maximize(
                u -> {
                    double[] p = model.predict(gp, u);
                    return args.utility().value(p[0], p[1], best, args.kappa(), args.xi());
                },
                cube,
                rng,
                warmUp,
                model.bestPoints(SEEDS_FROM_RESULTS),
                starts,
                localSteps);
    }
}
