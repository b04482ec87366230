package dev.sibyl.scheduler.experiment;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.Tuner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic tuner for driver tests: with {@code n} parameter sets in the history it proposes {@code {"x":
 * n}, {"x": n + 1}, ...}, never more than {@code limit} in all (then it is exhausted), plus {@code "best"}: the
 * best final value seen so far, so its answers depend on results as well as on the history's length. It records
 * every call, which is how tests see what the driver handed it.
 */
final class SequenceTuner implements Tuner {
    /** One call of {@link #ask}. */
    record Ask(History history, int count, List<Map<String, Object>> answer) {}

    private final int limit;
    private final List<Ask> asks = new ArrayList<>();

    SequenceTuner(int limit) {
        this.limit = limit;
    }

    static SequenceTuner unlimited() {
        return new SequenceTuner(Integer.MAX_VALUE);
    }

    @Override
    public List<Map<String, Object>> ask(History history, int count) {
        Double best = history.withValues().stream()
                .map(o -> o.value())
                .max(Double::compare)
                .orElse(null);
        List<Map<String, Object>> answer = new ArrayList<>();
        for (long x = history.size(); x < (long) history.size() + count && x < limit; x++) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("x", x);
            parameters.put("best", best);
            answer.add(parameters);
        }
        asks.add(new Ask(history, count, List.copyOf(answer)));
        return answer;
    }

    List<Ask> asks() {
        return List.copyOf(asks);
    }

    Ask lastAsk() {
        return asks.get(asks.size() - 1);
    }
}
