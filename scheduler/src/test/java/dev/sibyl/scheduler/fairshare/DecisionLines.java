package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.List;

/** Decisions as comparable text: admits, preemptions, waits (with position and reason), reservations. */
final class DecisionLines {
    private DecisionLines() {}

    static List<String> of(Decisions d) {
        List<String> lines = new ArrayList<>();
        d.admits()
                .forEach(a ->
                        lines.add("admit " + a.trial().id() + " " + a.pool() + "/" + a.machine() + a.gpuIndices()));
        d.preempts().forEach(p -> lines.add("preempt " + p.trial().id()));
        d.waits()
                .forEach(w -> lines.add("wait " + w.position() + " " + w.trial().id() + " " + w.reason()));
        d.reservations().forEach(r -> lines.add("reserve " + r.trial().id() + " " + r.pool() + "/" + r.machine()));
        return lines;
    }
}
