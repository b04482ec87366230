package dev.sibyl.tuner.builtin.pbt;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Population Based Training: M. Jaderberg et al., "Population Based Training of Neural Networks", arXiv:1711.09846,
 * 2017, in NNI's synchronous form ({@code PBTTuner}). A population of {@code population_size} members trains in
 * generations; each trial trains one member for one step, loading the member's checkpoint from {@code
 * load_checkpoint_dir} and saving it to {@code save_checkpoint_dir}, two keys added to the trial's parameters.
 * Checkpoints live at {@code <all_checkpoint_dir>/<member>/<generation>}, as in NNI.
 *
 * <ol>
 *   <li><b>Generation 0.</b> Each member m gets hyper-parameters drawn from the prior, and loads from and saves to
 *       {@code <dir>/m/0} (NNI gives both keys the same path in the first generation; the trial finds nothing to
 *       load there).
 *   <li><b>Waiting.</b> The trials of a generation are proposed in member order; once all are proposed, asks
 *       return nothing until every one of them has finished (NNI's NoMoreTrialError, after which it sends the
 *       next generation when results arrive). A failed trial counts as the worst score. PBT is thus the one
 *       tuner for which a short answer does not mean the space is exhausted: a driver must ask again once the
 *       pending trials of the generation have finished.
 *   <li><b>Exploit.</b> When generation g is complete, members are ranked by score (ties by member index); with
 *       {@code k = ceil(fraction * population_size)}, each of the bottom k members copies a top-k member chosen
 *       uniformly at random: it loads the top member's checkpoint ({@code <dir>/top/g}) and takes its
 *       hyper-parameters.
 *   <li><b>Explore.</b> The copied hyper-parameters are perturbed ({@link Explore}).
 *   <li><b>Next generation.</b> Every member saves to {@code <dir>/m/(g+1)}; members not in the bottom k keep their
 *       hyper-parameters and load their own checkpoint {@code <dir>/m/g}.
 * </ol>
 *
 * <p>The tuner keeps no state: the population is rebuilt from the history on every ask, recognising its own
 * trials by their {@code save_checkpoint_dir}; other parameter sets (customized trials) are ignored. Randomness
 * for generation g comes from {@link Seeds#forProposal}(seed, g) only. Differences from NNI: members are proposed
 * in member order (NNI proposes a new generation in reverse rank order); exploit reads the previous generation's
 * hyper-parameters even when {@code fraction > 0.5} makes top and bottom overlap (NNI can copy an already
 * exploited member); nested choices are supported.
 */
public final class PbtTuner implements Tuner {
    static final String LOAD_KEY = "load_checkpoint_dir";
    static final String SAVE_KEY = "save_checkpoint_dir";

    private final SearchSpace space;
    private final PbtArgs args;
    private final long seed;
    private final Explore explore;
    private final String root;

    PbtTuner(SearchSpace space, PbtArgs args, long seed) {
        this.space = space;
        this.args = args;
        this.seed = seed;
        this.explore = new Explore(args.factor(), args.resampleProbability());
        String dir = args.allCheckpointDir();
        this.root = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
    }

    /** {@code <all_checkpoint_dir>/<member>/<generation>}. */
    String checkpointDir(int member, int generation) {
        return (root.equals("/") ? "" : root) + "/" + member + "/" + generation;
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        Map<Integer, Observation[]> generations = index(history);
        // Step 2: the current generation is the first one not yet complete and finished.
        int g = 0;
        while (finished(generations.get(g))) {
            g++;
        }
        Observation[] current = generations.getOrDefault(g, new Observation[args.populationSize()]);
        List<Map<String, Object>> plan = g == 0 ? firstGeneration() : nextGeneration(g, generations.get(g - 1));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int m = 0; m < plan.size() && out.size() < count; m++) {
            if (current[m] == null) {
                out.add(plan.get(m));
            }
        }
        return out;
    }

    /** Our own trials by generation and member, recognised by their checkpoint directory (first one wins). */
    private Map<Integer, Observation[]> index(History history) {
        Map<Integer, Observation[]> out = new HashMap<>();
        String prefix = (root.equals("/") ? "" : root) + "/";
        for (Observation o : history.observations()) {
            if (!(o.parameters().get(SAVE_KEY) instanceof String save)
                    || !(o.parameters().get(LOAD_KEY) instanceof String)
                    || !save.startsWith(prefix)) {
                continue;
            }
            String[] parts = save.substring(prefix.length()).split("/", -1);
            if (parts.length != 2 || !isIndex(parts[0]) || !isIndex(parts[1])) {
                continue;
            }
            int member = Integer.parseInt(parts[0]);
            int generation = Integer.parseInt(parts[1]);
            if (member >= args.populationSize()) {
                continue;
            }
            Observation[] slots = out.computeIfAbsent(generation, k -> new Observation[args.populationSize()]);
            if (slots[member] == null) {
                slots[member] = o;
            }
        }
        return out;
    }

    private static boolean isIndex(String s) {
        return !s.isEmpty()
                && s.length() <= 9
                && s.chars().allMatch(Character::isDigit)
                && (s.length() == 1 || s.charAt(0) != '0');
    }

    private static boolean finished(Observation[] slots) {
        if (slots == null) {
            return false;
        }
        for (Observation o : slots) {
            if (o == null || !o.outcome().finished()) {
                return false;
            }
        }
        return true;
    }

    // Step 1.
    private List<Map<String, Object>> firstGeneration() {
        RandomGenerator rng = Seeds.forProposal(seed, 0);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int m = 0; m < args.populationSize(); m++) {
            String dir = checkpointDir(m, 0);
            out.add(withCheckpoints(space.sample(rng), dir, dir));
        }
        return out;
    }

    // Steps 3 to 5: generation g from the finished generation g - 1.
    private List<Map<String, Object>> nextGeneration(int g, Observation[] previous) {
        RandomGenerator rng = Seeds.forProposal(seed, g);
        int n = previous.length;
        double[] loss = new double[n];
        Integer[] ranked = new Integer[n];
        for (int m = 0; m < n; m++) {
            Observation o = previous[m];
            loss[m] = o.hasValue() && Double.isFinite(o.value())
                    ? args.mode().toLoss(o.value())
                    : Double.POSITIVE_INFINITY;
            ranked[m] = m;
        }
        Arrays.sort(ranked, Comparator.comparingDouble(m -> loss[m])); // stable: ties by member index
        int k = (int) Math.ceil(args.fraction() * n - 1e-9);
        boolean[] bottom = new boolean[n];
        int[] source = new int[n];
        for (int r = n - k; r < n; r++) {
            int member = ranked[r];
            bottom[member] = true;
            source[member] = ranked[rng.nextInt(k)];
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            String save = checkpointDir(m, g);
            if (bottom[m]) {
                Observation top = previous[source[m]];
                Map<String, Object> hyper = explore.perturb(space, top.parameters(), rng);
                out.add(withCheckpoints(hyper, (String) top.parameters().get(SAVE_KEY), save));
            } else {
                Observation own = previous[m];
                out.add(withCheckpoints(
                        hyperParameters(own.parameters()),
                        (String) own.parameters().get(SAVE_KEY),
                        save));
            }
        }
        return out;
    }

    private Map<String, Object> hyperParameters(Map<String, Object> parameters) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : space.dimensions().keySet()) {
            out.put(key, parameters.get(key));
        }
        return out;
    }

    private static Map<String, Object> withCheckpoints(Map<String, Object> hyper, String load, String save) {
        Map<String, Object> out = new LinkedHashMap<>(hyper);
        out.put(LOAD_KEY, load);
        out.put(SAVE_KEY, save);
        return out;
    }
}
