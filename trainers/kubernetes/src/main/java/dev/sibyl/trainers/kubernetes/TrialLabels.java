package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrainerException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels that tie cluster objects to a tenant, an experiment and a trial, and the names of trial Jobs.
 * Label values carry the ids exactly (NNI ids are mixed case); Job names must be lower case, so they add a hash of
 * the exact ids to stay unique.
 */
final class TrialLabels {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "sibyl";
    static final String TENANT = "sibyl.dev/tenant";
    static final String EXPERIMENT = "sibyl.dev/experiment";
    static final String TRIAL = "sibyl.dev/trial";
    static final String REPLICA = "sibyl.dev/replica";
    static final String SEQUENCE_ANNOTATION = "sibyl.dev/sequence-id";
    static final String SUBMITTED_BY_ANNOTATION = "sibyl.dev/submitted-by";

    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final int NAME_PART_CHARS = 16;

    private final String tenantId;
    private final String experimentId;

    TrialLabels(String tenantId, String experimentId) {
        this.tenantId = checked("tenantId", tenantId);
        this.experimentId = checked("experimentId", experimentId);
    }

    /** The labels selecting every object of this experiment. */
    Map<String, String> experiment() {
        return Map.of(MANAGED_BY, MANAGER, TENANT, tenantId, EXPERIMENT, experimentId);
    }

    Map<String, String> trial(String trialId) {
        return Map.of(MANAGED_BY, MANAGER, TENANT, tenantId, EXPERIMENT, experimentId, TRIAL, trialId);
    }

    /**
     * The trial's Job name: {@code sibyl-<experiment>-<trial>-<hash>}, lower case, at most 52 characters so that
     * the pods the controller names after it stay within 63.
     */
    String jobName(String trialId) {
        String hash = HexFormat.of().formatHex(sha256(tenantId + "/" + experimentId + "/" + trialId), 0, 4);
        return "sibyl-" + namePart(experimentId) + "-" + namePart(trialId) + "-" + hash;
    }

    /** The name of the experiment's anchor ConfigMap, which owns its Jobs. */
    String anchorName() {
        String hash = HexFormat.of().formatHex(sha256(tenantId + "/" + experimentId), 0, 4);
        return "sibyl-" + namePart(experimentId) + "-" + hash;
    }

    static boolean validTrialId(String trialId) {
        return trialId != null && LABEL_VALUE.matcher(trialId).matches();
    }

    static String checked(String field, String id) {
        if (id == null || !LABEL_VALUE.matcher(id).matches()) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED,
                    field + ": '" + id + "' must be 1-63 letters, digits, '-', '_' or '.', starting and ending"
                            + " with a letter or digit");
        }
        return id;
    }

    private static String namePart(String id) {
        String lower = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return lower.length() > NAME_PART_CHARS ? lower.substring(0, NAME_PART_CHARS) : lower;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
