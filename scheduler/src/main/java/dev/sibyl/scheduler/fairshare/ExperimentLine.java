package dev.sibyl.scheduler.fairshare;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A tenant's waiting trials in the order it wants them run: the experiment with the fewest running
 * trials first, then the higher priority, then the earlier enqueued.
 */
final class ExperimentLine {
    static final Comparator<Candidate> WITHIN_EXPERIMENT = Comparator.<Candidate>comparingInt(c -> -c.trial.priority())
            .thenComparingLong(c -> c.trial.enqueuedAt())
            .thenComparing(c -> c.trial.id());

    private final class Experiment {
        final String id;
        final ArrayDeque<Candidate> trials;

        Experiment(String id, List<Candidate> sorted) {
            this.id = id;
            this.trials = new ArrayDeque<>(sorted);
        }

        int running() {
            return runningByExperiment.getOrDefault(id, 0);
        }
    }

    private final Map<String, Integer> runningByExperiment;
    private final PriorityQueue<Experiment> experiments =
            new PriorityQueue<>(Comparator.<Experiment>comparingInt(Experiment::running)
                    .thenComparing(e -> e.trials.peekFirst(), WITHIN_EXPERIMENT)
                    .thenComparing(e -> e.id));
    private Experiment current;

    ExperimentLine(List<Candidate> candidates, Map<String, Integer> runningByExperiment) {
        this.runningByExperiment = runningByExperiment;
        Map<String, List<Candidate>> byExperiment = new HashMap<>();
        for (Candidate c : candidates) {
            byExperiment
                    .computeIfAbsent(c.trial.experiment(), e -> new java.util.ArrayList<>())
                    .add(c);
        }
        byExperiment.forEach((id, list) -> {
            list.sort(WITHIN_EXPERIMENT);
            experiments.add(new Experiment(id, list));
        });
    }

    boolean isEmpty() {
        return current == null && experiments.isEmpty();
    }

    /** The next trial; call {@link #settle} with its outcome before asking again. */
    Candidate next() {
        current = experiments.poll();
        return current.trials.pollFirst();
    }

    void settle(boolean admitted) {
        if (admitted) {
            runningByExperiment.merge(current.id, 1, Integer::sum);
        }
        if (!current.trials.isEmpty()) {
            experiments.add(current);
        }
        current = null;
    }
}
