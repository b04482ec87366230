package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TrialClass} while a pass walks it. Candidates are made only for the trials the pass
 * looks at, always a prefix of the class; a phase walks the members still waiting, in order.
 */
final class ClassLine {
    final TrialClass source;
    final TenantState tenant;
    private final List<Candidate> visited = new ArrayList<>(2);
    private int cursor;
    private int placed;
    /** Where the rest of the class was settled in the latest phase, or -1. */
    int tailFrom = -1;

    boolean failed;

    ClassLine(TrialClass source, TenantState tenant) {
        this.source = source;
        this.tenant = tenant;
    }

    int size() {
        return source.size();
    }

    int waiting() {
        return source.size() - placed;
    }

    Candidate memberAt(int index) {
        while (visited.size() <= index) {
            visited.add(new Candidate(source.get(visited.size()), tenant, this, visited.size()));
        }
        return visited.get(index);
    }

    /** Whether the member at {@code index} has been made and placed in this pass. */
    boolean placedAt(int index) {
        return index < visited.size() && visited.get(index).placement != null;
    }

    void startPhase() {
        cursor = 0;
        failed = false;
        tailFrom = -1;
    }

    /** The next waiting member in this phase, or null when the class is done for the phase. */
    Candidate peek() {
        if (failed) {
            return null;
        }
        while (placedAt(cursor)) {
            cursor++;
        }
        return cursor < source.size() ? memberAt(cursor) : null;
    }

    /** The member was admitted or failed on its own; the walk goes on with the next one. */
    void moveOn(Candidate c) {
        cursor = c.index + 1;
    }

    /**
     * The member failed, and so does every later one for the rest of the phase unless some later
     * member holds a reservation (then it must be tried on its own). Returns whether the class
     * failed as a whole.
     */
    boolean fail(Candidate c) {
        for (int i = c.index + 1; i < visited.size(); i++) {
            Candidate later = visited.get(i);
            if (later.placement == null && later.reservedOn != null) {
                moveOn(c);
                return false;
            }
        }
        failed = true;
        tailFrom = c.index + 1;
        return true;
    }

    /** Forgets what a pass found out about members still waiting; placed members stay placed. */
    void forgetPass() {
        for (Candidate c : visited) {
            c.reason = null;
            c.reservedOn = null;
            c.listed = false;
        }
    }

    void placed(int delta) {
        placed += delta;
    }

    /** Indices at or after {@code from} of members placed in this pass, ascending. */
    int[] placedFrom(int from) {
        int count = 0;
        for (int i = from; i < visited.size(); i++) {
            if (visited.get(i).placement != null) {
                count++;
            }
        }
        int[] out = new int[count];
        int n = 0;
        for (int i = from; i < visited.size(); i++) {
            if (visited.get(i).placement != null) {
                out[n++] = i;
            }
        }
        return out;
    }
}
