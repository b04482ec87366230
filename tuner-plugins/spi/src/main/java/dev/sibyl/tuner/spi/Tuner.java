package dev.sibyl.tuner.spi;

import java.util.List;
import java.util.Map;

/**
 * Proposes parameter sets. One instance per experiment, created by a {@link TunerFactory}.
 *
 * <p>Contract: a tuner is a deterministic function of its search space, classArgs, seed and the {@link
 * History} passed to {@link #ask}; it may cache work between calls (for speed) but must give the same
 * answer as a fresh instance handed the same history. Calls come from one thread at a time. Every proposal
 * must lie inside the search space and carry exactly the value shapes NNI hands to trials.
 */
public interface Tuner {
    /**
     * Up to {@code count} new parameter sets, given everything known so far (pending parameter sets included,
     * so parallel asks can use a constant liar). Returning fewer than {@code count} means the tuner has no
     * more to propose (NNI's {@code NoMoreTrialError}); an exhausted tuner keeps returning an empty list.
     */
    List<Map<String, Object>> ask(History history, int count);
}
