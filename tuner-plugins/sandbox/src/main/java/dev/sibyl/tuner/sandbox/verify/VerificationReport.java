package dev.sibyl.tuner.sandbox.verify;

import java.util.List;

/** The verdict on a plugin JAR: acceptable only when there are no findings. */
public record VerificationReport(String sha256, int classCount, List<Finding> findings) {
    public VerificationReport {
        findings = List.copyOf(findings);
    }

    public boolean acceptable() {
        return findings.isEmpty();
    }
}
