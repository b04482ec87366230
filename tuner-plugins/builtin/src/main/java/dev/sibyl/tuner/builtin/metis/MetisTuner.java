package dev.sibyl.tuner.builtin.metis;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.encoding.ParameterKey;
import dev.sibyl.tuner.builtin.gp.AcquisitionSearch;
import dev.sibyl.tuner.builtin.gp.GaussianProcess;
import dev.sibyl.tuner.builtin.gp.GpSurrogate;
import dev.sibyl.tuner.builtin.gp.UnitCube;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Metis: Z. L. Li, C.-J. M. Liang, W. He, L. Zhu, W. Dai, J. Jiang, G. Sun, "Metis: Robustly Tuning Tail
 * Latencies of Cloud Systems", USENIX ATC 2018, with NNI's classArgs. A GP models the results (Matérn 2.5,
 * hyper-parameters by marginal likelihood, the same model and caches as GPTuner: {@link GpSurrogate}); one
 * proposal is made as follows.
 *
 * <ol>
 *   <li><b>Cold start.</b> While fewer than {@code cold_start_num} parameter sets were proposed or fewer than
 *       two results are known, a draw from the prior.
 *   <li><b>Re-sampling</b> (only when {@code no_resampling} is false). The result whose leave-one-out residual
 *       under the GP is largest, if beyond 3 predictive standard deviations and if its parameter set was run only
 *       once, is proposed again: Metis' diagnosis of a noisy outlier. Skipped above 300 results (O(n³)).
 *   <li><b>Candidates.</b> The exploitation candidate maximizes the GP's predicted mean (Metis' predicted
 *       optimum); the exploration candidate maximizes the upper confidence bound {@code mean + 1.96 sd} (NNI's
 *       "lowest confidence" for a loss). Each is searched by {@link AcquisitionSearch} with {@code
 *       min(selection_num_starting_points, ¾ E)} random points (E: {@link AcquisitionSearch#evaluationBudget})
 *       plus the three best results, then local refinement. With probability {@code exploration_probability} the
 *       exploration candidate is proposed, otherwise the exploitation one. With {@code no_candidates} only the
 *       exploitation candidate (the predicted optimum) is proposed.
 *   <li><b>Pending</b> parameter sets, and earlier proposals of the same ask, enter the GP with the best score
 *       as a constant liar.
 * </ol>
 *
 * Differences from NNI: NNI also fits a Gaussian mixture to good and bad results for a further exploration
 * candidate and chooses among candidates by their predicted gain; this version keeps the two GP candidates and
 * NNI's {@code exploration_probability} switch. Randomness for the proposal at position p comes from {@link
 * Seeds#forProposal}(seed, p) only.
 */
public final class MetisTuner implements Tuner {
    private static final double EXPLORATION_Z = 1.96;
    private static final double OUTLIER_SIGMAS = 3.0;
    private static final int MAX_RESAMPLING_RESULTS = 300;
    private static final int LOCAL_STARTS = 5;

    private final UnitCube cube;
    private final MetisArgs args;
    private final long seed;
    private final GpSurrogate surrogate;

    MetisTuner(SearchSpace space, MetisArgs args, long seed) {
        this.cube = UnitCube.of(space);
        this.args = args;
        this.seed = seed;
        this.surrogate = new GpSurrogate(cube, args.mode(), 2.5, 1e-6, seed);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        int size = history.size();
        GpSurrogate.Data data = surrogate.data(history);
        GpSurrogate.Model model = null;
        GaussianProcess gp = null;
        Map<String, Object> resample = null;
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long position = (long) size + i;
            RandomGenerator rng = Seeds.forProposal(seed, position);
            if (position < args.coldStartNum() || data.size() < 2) {
                out.add(cube.decode(cube.sample(rng)));
                continue;
            }
            if (model == null) {
                model = surrogate.model(data);
                gp = model.withLies(model.gp(), model.pending());
                if (!args.noResampling()) {
                    resample = outlier(history, data, model);
                }
            }
            if (resample != null) {
                out.add(resample);
                gp = model.withLies(gp, List.of(cube.encode(resample)));
                resample = null;
                continue;
            }
            double[] x = propose(model, gp, rng);
            out.add(cube.decode(x));
            gp = model.withLies(gp, List.of(x));
        }
        return out;
    }

    private double[] propose(GpSurrogate.Model model, GaussianProcess gp, RandomGenerator rng) {
        boolean explore = !args.noCandidates() && rng.nextDouble() < args.explorationProbability();
        int evaluations = AcquisitionSearch.evaluationBudget(gp.size(), cube.dimension());
        int warmUp = Math.min(args.startingPoints(), evaluations * 3 / 4);
        int localSteps = Math.max(1, (evaluations - warmUp) / LOCAL_STARTS);
        return AcquisitionSearch.maximize(
                u -> {
                    if (!explore) {
                        return gp.mean(u);
                    }
                    double[] p = model.predict(gp, u);
                    return p[0] + EXPLORATION_Z * p[1];
                },
                cube,
                rng,
                warmUp,
                model.bestPoints(3),
                LOCAL_STARTS,
                localSteps);
    }

    /** The parameter set of the worst-explained result, if it is an outlier run only once; else null. */
    private static Map<String, Object> outlier(History history, GpSurrogate.Data data, GpSurrogate.Model model) {
        int n = data.size();
        if (n > MAX_RESAMPLING_RESULTS) {
            return null;
        }
        double[][] loo = model.gp().leaveOneOut();
        int worst = -1;
        double worstZ = OUTLIER_SIGMAS;
        for (int i = 0; i < n; i++) {
            double z = Math.abs(loo[0][i]) / Math.sqrt(loo[1][i]);
            if (z > worstZ) {
                worst = i;
                worstZ = z;
            }
        }
        if (worst < 0) {
            return null;
        }
        Map<Long, Observation> byId = new HashMap<>();
        Map<String, Integer> runs = new HashMap<>();
        for (Observation o : history.observations()) {
            byId.put(o.parameterId(), o);
            runs.merge(ParameterKey.of(o.parameters()), 1, Integer::sum);
        }
        Observation o = byId.get(data.ids()[worst]);
        return runs.get(ParameterKey.of(o.parameters())) == 1 ? new LinkedHashMap<>(o.parameters()) : null;
    }
}
