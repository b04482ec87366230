package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One experiment's waiting trials, split into {@link TrialClass}es. Immutable. */
final class ExperimentQueue {
    final String id;
    final TrialClass[] classes;
    final int size;

    ExperimentQueue(String id, TrialClass[] classes) {
        this.id = id;
        this.classes = classes;
        Arrays.sort(classes, TrialClass.BY_KEY);
        int total = 0;
        for (TrialClass c : classes) {
            total += c.size();
        }
        this.size = total;
    }

    static ExperimentQueue with(ExperimentQueue queue, String experiment, WaitingTrial t) {
        if (queue == null) {
            return new ExperimentQueue(experiment, new TrialClass[] {TrialClass.of(List.of(t))});
        }
        TrialClass[] classes = queue.classes.clone();
        for (int i = 0; i < classes.length; i++) {
            if (classes[i].holds(t)) {
                classes[i] = classes[i].with(t);
                return new ExperimentQueue(experiment, classes);
            }
        }
        TrialClass[] grown = Arrays.copyOf(classes, classes.length + 1);
        grown[classes.length] = TrialClass.of(List.of(t));
        return new ExperimentQueue(experiment, grown);
    }

    /** This queue without {@code t}; itself when {@code t} is not in it, null when it would be empty. */
    ExperimentQueue without(WaitingTrial t) {
        for (int i = 0; i < classes.length; i++) {
            if (classes[i].holds(t)) {
                TrialClass smaller = classes[i].without(t);
                if (smaller == classes[i]) {
                    return this;
                }
                if (smaller == null && classes.length == 1) {
                    return null;
                }
                List<TrialClass> kept = new ArrayList<>(Arrays.asList(classes));
                if (smaller == null) {
                    kept.remove(i);
                } else {
                    kept.set(i, smaller);
                }
                return new ExperimentQueue(id, kept.toArray(new TrialClass[0]));
            }
        }
        return this;
    }
}
