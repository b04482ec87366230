package dev.sibyl.scheduler.fairshare;

/**
 * A scheduling policy: a pure function from a frozen snapshot to decisions. Implementations keep
 * no state between calls, read no clock and do no I/O, so a pass can be replayed from its input.
 */
public interface Scheduler {
    Decisions decide(Snapshot snapshot);
}
