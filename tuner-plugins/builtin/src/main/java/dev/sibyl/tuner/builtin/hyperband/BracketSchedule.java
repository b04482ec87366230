package dev.sibyl.tuner.builtin.hyperband;

import dev.sibyl.tuner.builtin.encoding.ParameterKey;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The state of Hyperband's brackets, rebuilt from the history on every ask: no state survives between asks, so a
 * tuner rebuilt after a restart decides exactly as the live one.
 *
 * <p>{@link #absorb} walks the history in proposal order and files each parameter set into a bracket rung using
 * only its parameters (never its outcome, which changes over time):
 *
 * <ol>
 *   <li>a configuration found at rung {@code i} of a bracket, carrying that bracket's {@code r_{i+1}} while rung
 *       {@code i+1} is not full, is a promotion;
 *   <li>otherwise a parameter set carrying the base budget of the newest bracket while its base rung is not full
 *       is a new configuration of that bracket, and one carrying the base budget of the next bracket opens it;
 *   <li>anything else (a customized or imported trial, no {@code TRIAL_BUDGET}) is ignored.
 * </ol>
 *
 * {@link #next} then picks the next trial to start, as NNI's advisor does from its queue: promotions of rungs
 * whose trials have all ended (the top {@code n_{i+1}} by final result and optimize_mode, in rank order), then new
 * configurations for an unfilled base rung, then a new bracket. In {@code serial} mode a new bracket starts only
 * once the newest has issued every rung (NNI's {@code is_completed}); in {@code parallelism} mode it starts
 * whenever nothing else can run.
 */
public final class BracketSchedule {
    private final BracketPlan plan;
    private final OptimizeMode mode;
    private final boolean serial;
    private final List<Bracket> brackets = new ArrayList<>();

    /** What to start next: {@code configuration} (null for a new one) with {@code budget}. */
    public record Slot(Map<String, Object> configuration, long budget, int bracket, int rung) {
        public boolean isNew() {
            return configuration == null;
        }
    }

    private record Member(String key, Map<String, Object> configuration, Observation observation) {
        /** NNI ranks by the latest reported metric: the final one, else the last intermediate one. */
        OptionalDouble value() {
            if (observation.value() != null) {
                return OptionalDouble.of(observation.value());
            }
            List<Double> curve = observation.intermediate();
            return curve.isEmpty() || !observation.outcome().finished()
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(curve.get(curve.size() - 1));
        }
    }

    private final class Bracket {
        final List<Rung> rungs;
        final List<List<Member>> members = new ArrayList<>();

        Bracket(int s) {
            this.rungs = plan.bracket(s);
            for (int i = 0; i < rungs.size(); i++) {
                members.add(new ArrayList<>());
            }
        }

        boolean contains(int rung, String key) {
            return members.get(rung).stream().anyMatch(m -> m.key().equals(key));
        }

        /** All trials of rung {@code i} have been issued and have ended. */
        boolean complete(int i) {
            List<Member> rung = members.get(i);
            return rung.size() >= target(i)
                    && rung.stream().allMatch(m -> m.observation().outcome().finished());
        }

        /**
         * How many configurations rung {@code i} runs: {@code n_0} for the base rung; for later rungs {@code n_i},
         * or fewer when fewer configurations of rung {@code i-1} have a result; -1 while rung {@code i-1} runs.
         */
        int target(int i) {
            if (i == 0) {
                return rungs.get(0).configs();
            }
            if (!complete(i - 1)) {
                return -1;
            }
            return Math.min(rungs.get(i).configs(), ranked(i - 1).size());
        }

        /** NNI's {@code no_more_trial}: every rung has been issued (or a rung had nothing to promote). */
        boolean issuedAll() {
            for (int i = 1; i < rungs.size(); i++) {
                int t = target(i);
                if (t < 0 || members.get(i).size() < t) {
                    return false;
                }
                if (t == 0) {
                    return true;
                }
            }
            return members.get(0).size() >= rungs.get(0).configs();
        }

        /** The configuration to promote into rung {@code i} next, or null. */
        Member nextPromotion(int i) {
            int t = target(i);
            if (t <= members.get(i).size()) {
                return null;
            }
            for (Member m : ranked(i - 1).subList(0, t)) {
                if (!contains(i, m.key())) {
                    return m;
                }
            }
            return null;
        }

        /**
         * The distinct configurations of rung {@code i} that have a result, best first by optimize_mode; the sort
         * is stable, so ties keep proposal order, and a configuration drawn twice counts once (its best result).
         */
        List<Member> ranked(int i) {
            Comparator<Member> byLoss =
                    Comparator.comparingDouble(m -> mode.toLoss(m.value().getAsDouble()));
            List<Member> sorted = members.get(i).stream()
                    .filter(m -> m.value().isPresent())
                    .sorted(byLoss)
                    .toList();
            List<Member> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Member m : sorted) {
                if (seen.add(m.key())) {
                    out.add(m);
                }
            }
            return out;
        }
    }

    public BracketSchedule(BracketPlan plan, OptimizeMode mode, boolean serial) {
        this.plan = plan;
        this.mode = mode;
        this.serial = serial;
    }

    /** Files one observation of the history (proposal order) into its bracket rung; see the class comment. */
    public void absorb(Observation observation) {
        OptionalDouble budget = TrialBudget.of(observation.parameters());
        if (budget.isEmpty()) {
            return;
        }
        double b = budget.getAsDouble();
        Map<String, Object> configuration = TrialBudget.strip(observation.parameters());
        String key = ParameterKey.of(configuration);
        Member member = new Member(key, configuration, observation);
        for (Bracket bracket : brackets) {
            for (int i = 1; i < bracket.rungs.size(); i++) {
                if (bracket.rungs.get(i).budget() == b
                        && bracket.members.get(i).size() < bracket.rungs.get(i).configs()
                        && bracket.contains(i - 1, key)
                        && !bracket.contains(i, key)) {
                    bracket.members.get(i).add(member);
                    return;
                }
            }
        }
        Bracket newest = brackets.isEmpty() ? null : brackets.get(brackets.size() - 1);
        if (newest != null
                && newest.members.get(0).size() < newest.rungs.get(0).configs()
                && newest.rungs.get(0).budget() == b) {
            newest.members.get(0).add(member);
            return;
        }
        if (newest == null
                || newest.members.get(0).size() >= newest.rungs.get(0).configs()) {
            Bracket opened = new Bracket(plan.sOf(brackets.size()));
            if (opened.rungs.get(0).budget() == b) {
                opened.members.get(0).add(member);
                brackets.add(opened);
            }
        }
    }

    /** The next trial to start, or null when serial mode has to wait for running trials. */
    public Slot next() {
        for (int j = 0; j < brackets.size(); j++) {
            Bracket bracket = brackets.get(j);
            for (int i = 1; i < bracket.rungs.size(); i++) {
                Member promoted = bracket.nextPromotion(i);
                if (promoted != null) {
                    return new Slot(
                            promoted.configuration(), bracket.rungs.get(i).budget(), j, i);
                }
            }
            if (bracket.members.get(0).size() < bracket.rungs.get(0).configs()) {
                return new Slot(null, bracket.rungs.get(0).budget(), j, 0);
            }
        }
        Bracket newest = brackets.isEmpty() ? null : brackets.get(brackets.size() - 1);
        if (serial && newest != null && !newest.issuedAll()) {
            return null;
        }
        return new Slot(null, plan.bracket(plan.sOf(brackets.size())).get(0).budget(), brackets.size(), 0);
    }

    /**
     * Up to {@code count} parameter sets: each slot from {@link #next}, filled in by {@code fresh} (the new
     * configuration for the proposal at the given history position) when it is a new one, then absorbed as a
     * pending trial so that the following slot sees it.
     */
    public List<Map<String, Object>> propose(long historySize, int count, LongFunction<Map<String, Object>> fresh) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Slot slot = next();
            if (slot == null) {
                break;
            }
            long position = historySize + k;
            Map<String, Object> configuration = slot.isNew() ? fresh.apply(position) : slot.configuration();
            Map<String, Object> proposal = TrialBudget.with(configuration, slot.budget());
            out.add(proposal);
            absorb(Observation.pending(-1 - position, proposal));
        }
        return out;
    }

    /** Brackets opened so far (for tests and diagnostics). */
    public int bracketCount() {
        return brackets.size();
    }
}
