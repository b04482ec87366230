package dev.sibyl.tuner.spi;

/**
 * Decides, from intermediate results, whether a running trial should be stopped early. One instance per
 * experiment, created by an {@link AssessorFactory}. Like tuners, assessors are deterministic functions of
 * their settings and the history they are given; they are called from one thread at a time.
 */
public interface Assessor {
    /** NNI's AssessResult. */
    enum Verdict {
        GOOD,
        BAD
    }

    /**
     * Judges {@code trial} (pending, with its intermediate rewards so far) against the whole {@code history}
     * (which contains {@code trial} too). {@link Verdict#BAD} stops the trial as EARLY_STOPPED.
     */
    Verdict assess(Observation trial, History history);
}
