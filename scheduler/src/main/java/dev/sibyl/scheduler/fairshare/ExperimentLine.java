package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A tenant's waiting trials in the order it wants them run: the experiment with the fewest running
 * trials first, then the higher priority, then the earlier enqueued. Each phase of a pass walks
 * the trials still waiting; a member of a {@link TrialClass} that fails settles the rest of its
 * class for the phase, so a walk costs about the number of classes, not of trials.
 */
final class ExperimentLine {
    private static final class Experiment {
        final String id;
        final int[] running;
        final ClassLine[] classes;
        Candidate head;

        Experiment(String id, int[] running, ClassLine[] classes) {
            this.id = id;
            this.running = running;
            this.classes = classes;
        }

        /** Finds the next trial in the phase; false when the experiment is done for it. */
        boolean refreshHead() {
            head = null;
            for (ClassLine c : classes) {
                Candidate next = c.peek();
                if (next != null && (head == null || Candidate.compareWithinExperiment(next, head) < 0)) {
                    head = next;
                }
            }
            return head != null;
        }

        /** The first trial still waiting, whatever the phase has settled. */
        Candidate firstWaiting() {
            Candidate first = null;
            for (ClassLine c : classes) {
                for (int i = 0; i < c.size(); i++) {
                    if (!c.placedAt(i)) {
                        Candidate next = c.memberAt(i);
                        if (first == null || Candidate.compareWithinExperiment(next, first) < 0) {
                            first = next;
                        }
                        break;
                    }
                }
            }
            return first;
        }
    }

    private static final Comparator<Experiment> FAIR_AMONG_EXPERIMENTS = (a, b) -> {
        if (a.running[0] != b.running[0]) {
            return Integer.compare(a.running[0], b.running[0]);
        }
        int byHead = Candidate.compareWithinExperiment(a.head, b.head);
        return byHead != 0 ? byHead : a.id.compareTo(b.id);
    };

    private final Experiment[] experiments;
    private final List<ClassLine> classes = new ArrayList<>();
    private final PriorityQueue<Experiment> queue = new PriorityQueue<>(FAIR_AMONG_EXPERIMENTS);
    private Experiment current;

    ExperimentLine(TenantQueue waiting, TenantState tenant) {
        experiments = new Experiment[waiting.experiments.length];
        for (int i = 0; i < experiments.length; i++) {
            ExperimentQueue e = waiting.experiments[i];
            ClassLine[] lines = new ClassLine[e.classes.length];
            for (int k = 0; k < lines.length; k++) {
                lines[k] = new ClassLine(e.classes[k], tenant);
                classes.add(lines[k]);
            }
            experiments[i] = new Experiment(e.id, tenant.runningIn(e.id), lines);
        }
    }

    /** Classes by experiment id, then class key. */
    List<ClassLine> classes() {
        return classes;
    }

    /** The trial the tenant would run next, outside any walk; null when none waits. */
    Candidate head() {
        Experiment best = null;
        Candidate bestHead = null;
        for (Experiment e : experiments) {
            Candidate first = e.firstWaiting();
            if (first == null) {
                continue;
            }
            if (best == null
                    || e.running[0] < best.running[0]
                    || e.running[0] == best.running[0] && Candidate.compareWithinExperiment(first, bestHead) < 0) {
                best = e;
                bestHead = first;
            }
        }
        return bestHead;
    }

    /** Starts a walk over the trials still waiting. */
    void startPhase() {
        queue.clear();
        classes.forEach(ClassLine::startPhase);
        for (Experiment e : experiments) {
            if (e.refreshHead()) {
                queue.add(e);
            }
        }
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The next trial; call {@link #settle} with its outcome before asking again. */
    Candidate next() {
        current = queue.poll();
        return current.head;
    }

    /** Returns true when the rest of the trial's class failed with it. */
    boolean settle(Candidate c, boolean admitted) {
        boolean wholeClass = false;
        if (admitted) {
            current.running[0]++;
            c.line.moveOn(c);
        } else if (c.reservedOn != null) {
            c.line.moveOn(c);
        } else {
            wholeClass = c.line.fail(c);
        }
        if (current.refreshHead()) {
            queue.add(current);
        }
        current = null;
        return wholeClass;
    }
}
