package dev.sibyl.scheduler.fairshare;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A tenant's waiting trials in the order it wants them run: the experiment with the fewest running
 * trials first, then the higher priority, then the earlier enqueued. Built and sorted once per
 * pass; each phase walks the trials the previous phases left waiting, in the same order.
 */
final class ExperimentLine {
    static final Comparator<Candidate> WITHIN_EXPERIMENT = Comparator.<Candidate>comparingInt(c -> -c.trial.priority())
            .thenComparingLong(c -> c.trial.enqueuedAt())
            .thenComparing(c -> c.trial.id());

    private static final class Experiment {
        final String id;
        final int[] running;
        final ArrayDeque<Candidate> trials = new ArrayDeque<>();
        final List<Candidate> leftWaiting = new ArrayList<>();
        boolean unsorted;

        Experiment(String id, int[] running) {
            this.id = id;
            this.running = running;
        }
    }

    private static final Comparator<Experiment> FAIR_AMONG_EXPERIMENTS = (a, b) -> {
        if (a.running[0] != b.running[0]) {
            return Integer.compare(a.running[0], b.running[0]);
        }
        int byHead = Candidate.compareWithinExperiment(a.trials.peekFirst(), b.trials.peekFirst());
        return byHead != 0 ? byHead : a.id.compareTo(b.id);
    };

    private final Map<String, Experiment> experiments = new HashMap<>();
    private Experiment lastAdded;
    private final PriorityQueue<Experiment> queue = new PriorityQueue<>(FAIR_AMONG_EXPERIMENTS);
    private final Map<String, int[]> runningByExperiment;
    private Experiment current;
    private int waiting;

    ExperimentLine(Map<String, int[]> runningByExperiment) {
        this.runningByExperiment = runningByExperiment;
    }

    /** Adds a trial before the first phase, or puts one back whose admission was withdrawn. */
    void add(Candidate c) {
        Experiment e = experiments.computeIfAbsent(
                c.trial.experiment(),
                id -> new Experiment(id, runningByExperiment.computeIfAbsent(id, x -> new int[1])));
        e.leftWaiting.add(c);
        e.unsorted = true;
        waiting++;
    }

    void remove(Candidate c) {
        Experiment e = experiments.get(c.trial.experiment());
        if (e != null && e.leftWaiting.remove(c)) {
            waiting--;
        }
    }

    boolean hasWaiting() {
        return waiting > 0;
    }

    /** The trial the tenant would run next, without taking it; null when none waits. */
    Candidate head() {
        Experiment best = null;
        for (Experiment e : experiments.values()) {
            sortIfNeeded(e);
            if (e.leftWaiting.isEmpty()) {
                continue;
            }
            if (best == null || aheadOf(e, best)) {
                best = e;
            }
        }
        return best == null ? null : best.leftWaiting.get(0);
    }

    private static boolean aheadOf(Experiment a, Experiment b) {
        if (a.running[0] != b.running[0]) {
            return a.running[0] < b.running[0];
        }
        int byHead = Candidate.compareWithinExperiment(a.leftWaiting.get(0), b.leftWaiting.get(0));
        return byHead != 0 ? byHead < 0 : a.id.compareTo(b.id) < 0;
    }

    /** Records that the {@link #head} was admitted outside a walk. */
    void admitHead(Candidate head) {
        Experiment e = experiments.get(head.trial.experiment());
        e.leftWaiting.remove(0);
        e.running[0]++;
        waiting--;
    }

    private static void sortIfNeeded(Experiment e) {
        if (e.unsorted) {
            e.leftWaiting.sort(WITHIN_EXPERIMENT);
            e.unsorted = false;
        }
    }

    /** Starts a walk over the trials still waiting. */
    void startPhase() {
        queue.clear();
        for (Experiment e : experiments.values()) {
            sortIfNeeded(e);
            e.trials.addAll(e.leftWaiting);
            e.leftWaiting.clear();
            if (!e.trials.isEmpty()) {
                queue.add(e);
            }
        }
    }

    boolean isEmpty() {
        return current == null && queue.isEmpty();
    }

    /** The next trial; call {@link #settle} with its outcome before asking again. */
    Candidate next() {
        current = queue.poll();
        return current.trials.pollFirst();
    }

    void settle(Candidate c, boolean admitted) {
        if (admitted) {
            current.running[0]++;
            waiting--;
        } else {
            current.leftWaiting.add(c);
        }
        if (!current.trials.isEmpty()) {
            queue.add(current);
        }
        current = null;
    }

    void forEachWaiting(Consumer<Candidate> action) {
        for (Experiment e : experiments.values()) {
            e.trials.forEach(action);
            e.leftWaiting.forEach(action);
        }
    }
}
