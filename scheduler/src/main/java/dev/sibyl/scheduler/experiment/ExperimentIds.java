package dev.sibyl.scheduler.experiment;

import java.util.random.RandomGenerator;

/**
 * Experiment ids in NNI's shape: 8 characters from {@code [a-z0-9]} (as {@code nnictl create} makes them), so
 * ids shown by Sibyl look like the ones NNI users know and fit wherever NNI tools expect one.
 */
public final class ExperimentIds {
    static final int LENGTH = 8;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private ExperimentIds() {}

    /** A fresh id drawn from {@code rng}; the caller checks uniqueness against what it has stored. */
    public static String next(RandomGenerator rng) {
        StringBuilder id = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            id.append(ALPHABET.charAt(rng.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
