package dev.sibyl.trainers.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a training service needs to start one trial.
 *
 * @param experimentId NNI-shaped experiment id (8 chars)
 * @param trialId NNI-shaped trial id (5 chars); unique within the experiment, stable across resubmission
 * @param sequenceId NNI's trial sequence number ("Trial No."), from 0
 * @param parameterRecord the NNI ParameterRecord JSON text, written verbatim to {@code parameter.cfg}
 * @param trialCommand run by {@code bash -c} in a private copy of the code
 * @param codeDirectory unpacked trial code; the service copies it per trial and never writes into it
 * @param gpuNumber NNI's {@code trialGpuNumber}; {@code null} means no GPU scheduling at all
 * @param environment extra environment variables (SIBYL_*, the HTTP channel URL); NNI_* are set by the service
 * @param placement where the pool scheduler put the trial, or {@code null} to let the service choose
 */
public record TrialLaunch(
        String experimentId,
        String trialId,
        long sequenceId,
        String parameterRecord,
        String trialCommand,
        Path codeDirectory,
        Integer gpuNumber,
        Map<String, String> environment,
        Placement placement) {
    public TrialLaunch {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(trialId, "trialId");
        Objects.requireNonNull(parameterRecord, "parameterRecord");
        Objects.requireNonNull(trialCommand, "trialCommand");
        Objects.requireNonNull(codeDirectory, "codeDirectory");
        environment = Map.copyOf(environment == null ? Map.of() : environment);
    }

    /** A launch without a scheduler placement: the service chooses the machine and GPUs. */
    public TrialLaunch(
            String experimentId,
            String trialId,
            long sequenceId,
            String parameterRecord,
            String trialCommand,
            Path codeDirectory,
            Integer gpuNumber,
            Map<String, String> environment) {
        this(
                experimentId,
                trialId,
                sequenceId,
                parameterRecord,
                trialCommand,
                codeDirectory,
                gpuNumber,
                environment,
                null);
    }

    /** This launch placed by the pool scheduler. */
    public TrialLaunch placedAt(Placement where) {
        return new TrialLaunch(
                experimentId,
                trialId,
                sequenceId,
                parameterRecord,
                trialCommand,
                codeDirectory,
                gpuNumber,
                environment,
                where);
    }
}
