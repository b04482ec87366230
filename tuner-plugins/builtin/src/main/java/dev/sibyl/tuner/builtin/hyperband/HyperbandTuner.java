package dev.sibyl.tuner.builtin.hyperband;

import dev.sibyl.tuner.builtin.args.Seeds;
import dev.sibyl.tuner.builtin.encoding.FlatSpace;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;
import java.util.Map;

/**
 * NNI's Hyperband advisor (Li et al. 2017, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
 * Optimization", JMLR 18) as a {@link Tuner}: every proposal carries {@code TRIAL_BUDGET} (see {@link
 * TrialBudget}; the trial reads {@code params['TRIAL_BUDGET']} and trains for that long), and a promotion to the
 * next rung is a new trial with the same configuration and a larger budget.
 *
 * <ol>
 *   <li>Brackets follow {@link BracketPlan} ({@code s_max = floor(log_eta R)}, NNI's rounding), {@code s = s_max}
 *       down to 0, then again from {@code s_max}: the experiment never runs out.
 *   <li>The state of every bracket is rebuilt from the history on each ask ({@link BracketSchedule}): which
 *       configurations ran at which rung, which have ended, their final results.
 *   <li>Once every trial of a rung has ended, the top {@code n_{i+1}} by final result (by {@code optimize_mode})
 *       are started again with budget {@code r_{i+1}}.
 *   <li>New configurations are random draws from the whole space (nested choices included); the draw for the
 *       proposal at history position p comes from {@link Seeds#forProposal}(seed, p).
 *   <li>{@code exec_mode: parallelism} (NNI's default) opens the next bracket whenever nothing else can start;
 *       {@code serial} opens it only when the newest bracket has issued all its rungs and otherwise answers with
 *       fewer parameter sets than asked while the current rung runs (NNI's {@code NoMoreTrialJobs}).
 * </ol>
 *
 * <p>Caveat of {@code serial}: the experiment driver currently takes a short answer for "no more trials" and does
 * not ask again, so serial mode is safe only with {@code trialConcurrency: 1}, where every trial has ended when the
 * driver asks and the schedule never waits. {@code parallelism} never answers short.
 */
public final class HyperbandTuner implements Tuner {
    private final FlatSpace space;
    private final HyperbandFactory.Args args;
    private final BracketPlan plan;
    private final long seed;

    HyperbandTuner(SearchSpace space, HyperbandFactory.Args args, long seed) {
        this.space = FlatSpace.of(space);
        this.args = args;
        this.plan = new BracketPlan(args.r(), args.eta(), args.r());
        this.seed = seed;
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        BracketSchedule schedule = new BracketSchedule(plan, args.mode(), args.serial());
        for (Observation o : history.observations()) {
            schedule.absorb(o);
        }
        return schedule.propose(
                history.size(), count, position -> space.decode(space.sample(Seeds.forProposal(seed, position))));
    }
}
