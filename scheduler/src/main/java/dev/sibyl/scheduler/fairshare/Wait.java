package dev.sibyl.scheduler.fairshare;

/**
 * {@code trial} keeps waiting.
 *
 * @param position 1-based place in the order the scheduler will next consider waiting trials
 */
public record Wait(WaitingTrial trial, WaitReason why, int position) {
    /** Rendered on demand: a pass may leave a hundred thousand trials waiting. */
    public String reason() {
        return why.describe(trial);
    }

    /** The reason with times rendered by {@code time}. */
    public String reason(java.util.function.LongFunction<String> time) {
        return why.describe(trial, time);
    }
}
