package dev.sibyl.scheduler.experiment;

import java.util.random.RandomGenerator;

/**
 * Trial ids in NNI's shape: 5 characters, the first a letter {@code [A-Za-z]}, the others {@code [A-Za-z0-9]}.
 * Trial code reads them back through {@code nni.get_trial_id()} and {@code NNI_TRIAL_JOB_ID}.
 */
public final class TrialIds {
    static final int LENGTH = 5;
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String LETTERS_AND_DIGITS = LETTERS + "0123456789";

    private TrialIds() {}

    /** A fresh id drawn from {@code rng}; unique only with high probability, so the store checks it. */
    public static String next(RandomGenerator rng) {
        StringBuilder id = new StringBuilder(LENGTH);
        id.append(LETTERS.charAt(rng.nextInt(LETTERS.length())));
        for (int i = 1; i < LENGTH; i++) {
            id.append(LETTERS_AND_DIGITS.charAt(rng.nextInt(LETTERS_AND_DIGITS.length())));
        }
        return id.toString();
    }
}
