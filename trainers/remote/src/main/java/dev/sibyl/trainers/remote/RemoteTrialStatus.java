package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns what {@code trial-status.sh} printed about a trial directory into a {@link TrialState}, with the local
 * trainer's semantics: an exit record decides (a cancel request before it makes it CANCELED); a live wrapper is
 * RUNNING; a wrapper just spawned but not yet recorded counts as RUNNING for a settling period; otherwise the trial
 * was cancelled before it ran, or its process vanished.
 */
final class RemoteTrialStatus {
    /** How long a just-spawned wrapper may take to record its pid before its absence means it is gone. */
    static final long LAUNCH_SETTLE_MILLIS = 10_000;

    private RemoteTrialStatus() {}

    static TrialState parse(String output) {
        Map<String, String> fields = new HashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1).strip());
            }
        }
        if (fields.containsKey("absent") || !fields.containsKey("now")) {
            return TrialState.unknown();
        }
        String[] pid = words(fields.get("pid"));
        Instant startedAt = pid.length >= 3 ? millis(pid[2]) : null;
        String[] state = words(fields.get("state"));
        Long cancelledAt = number(first(fields.get("cancel")));
        if (state.length >= 2 && number(state[0]) != null && number(state[1]) != null) {
            int exitCode = Integer.parseInt(state[0]);
            long endedAt = Long.parseLong(state[1]);
            if (cancelledAt != null && cancelledAt <= endedAt) {
                return new TrialState(
                        TrialPhase.CANCELED, exitCode, startedAt, Instant.ofEpochMilli(endedAt), "cancelled");
            }
            if (exitCode == 0) {
                return new TrialState(TrialPhase.SUCCEEDED, 0, startedAt, Instant.ofEpochMilli(endedAt), null);
            }
            return new TrialState(
                    TrialPhase.FAILED, exitCode, startedAt, Instant.ofEpochMilli(endedAt), "exit code " + exitCode);
        }
        if (fields.containsKey("error")) {
            return new TrialState(TrialPhase.FAILED, null, startedAt, null, fields.get("error"));
        }
        if ("1".equals(fields.get("alive"))) {
            return new TrialState(TrialPhase.RUNNING, null, startedAt, null, null);
        }
        if (cancelledAt != null || fields.containsKey("cancel")) {
            return new TrialState(TrialPhase.CANCELED, null, startedAt, null, "cancelled");
        }
        Long spawnedAt = number(first(fields.get("spawned")));
        Long now = number(fields.get("now"));
        if (pid.length == 0 && spawnedAt != null && now != null && now - spawnedAt < LAUNCH_SETTLE_MILLIS) {
            return new TrialState(TrialPhase.RUNNING, null, Instant.ofEpochMilli(spawnedAt), null, null);
        }
        if (spawnedAt == null && pid.length == 0) {
            return new TrialState(
                    TrialPhase.FAILED, null, null, null, "the trial was prepared but never started; submit it again");
        }
        return new TrialState(TrialPhase.FAILED, null, startedAt, null, "trial process vanished");
    }

    private static String[] words(String text) {
        return text == null || text.isBlank() ? new String[0] : text.strip().split("\\s+");
    }

    private static String first(String text) {
        String[] words = words(text);
        return words.length == 0 ? null : words[0];
    }

    private static Long number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant millis(String text) {
        Long value = number(text);
        return value == null ? null : Instant.ofEpochMilli(value);
    }
}
