package dev.sibyl.tuner.builtin.auto;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Tuner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the stages of an {@link AutoPlan}: the parameter set at history position p comes from the stage that owns
 * p, handed the whole history, so a later stage learns from everything an earlier one found. Every stage tuner is
 * a function of its history, hence so is this one. An ask that crosses a hand-over is split: the later stage sees
 * the earlier stage's proposals of the same ask as pending parameter sets. A warped stage is handed the history
 * through {@link PowerWarp}.
 */
public final class AutoTuner implements Tuner {
    private final AutoPlan plan;
    private final List<Tuner> stages;
    private final OptimizeMode mode;

    AutoTuner(AutoPlan plan, List<Tuner> stages, OptimizeMode mode) {
        if (plan.stages().size() != stages.size()) {
            throw new IllegalArgumentException("one tuner per stage of " + plan);
        }
        this.plan = plan;
        this.stages = List.copyOf(stages);
        this.mode = mode;
    }

    AutoPlan plan() {
        return plan;
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        List<Map<String, Object>> out = new ArrayList<>();
        History seen = history;
        long nextId = nextParameterId(history);
        while (out.size() < count) {
            int position = seen.size();
            int k = plan.stageAt(position);
            long room = (long) plan.stages().get(k).until() - position;
            int wanted = (int) Math.min(count - out.size(), room);
            History input = plan.stages().get(k).warped() ? PowerWarp.of(seen, mode) : seen;
            List<Map<String, Object>> proposed = stages.get(k).ask(input, wanted);
            out.addAll(proposed);
            if (proposed.size() < wanted) {
                break; // the space is exhausted
            }
            if (out.size() < count) {
                for (Map<String, Object> p : proposed) {
                    seen = seen.plus(Observation.pending(nextId++, p));
                }
            }
        }
        return out;
    }

    private static long nextParameterId(History history) {
        long max = -1;
        for (Observation o : history.observations()) {
            max = Math.max(max, o.parameterId());
        }
        return max + 1;
    }
}
