package dev.sibyl.trainers.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.Placement;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/quadratic} (plain NNI trial code doing {@code import nni}) as trials on two SSH machines where no
 * NNI is installed: the bundled SDK is uploaded, and with no HTTP channel configured the metrics travel through the
 * file channel, read back over SFTP.
 */
class QuadraticExampleOverSshTest {
    private static final Path EXAMPLE =
            Path.of("../../examples/quadratic").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void quadraticTrialsReportTheirMetricsFromBothMachinesThroughTheFileChannel() throws Exception {
        try (RemoteRig rig = new RemoteRig(temp);
                RemoteTrainingService service = rig.open("quadrat1")) {
            service.submit(trial("qa001", 0, 1.0, -0.5).placedAt(new Placement("a", List.of())));
            service.submit(trial("qb001", 1, 3.0, 0.5).placedAt(new Placement("b", List.of())));

            assertFinishedWith(service, "qa001", 10.0);
            assertFinishedWith(service, "qb001", 5.0);
        }
    }

    private static void assertFinishedWith(RemoteTrainingService service, String trialId, double finalValue)
            throws Exception {
        TrialState state = RemoteRig.awaitPhase(service, trialId, TrialPhase::finished);
        assertThat(state.phase())
                .as("%s; stderr: %s", state, stderr(service, trialId))
                .isEqualTo(TrialPhase.SUCCEEDED);
        MetricBatch metrics = service.readMetrics(trialId, 0);
        assertThat(metrics.payloads()).hasSize(4);
        assertThat(metrics.payloads().subList(0, 3)).allMatch(p -> p.contains("\"type\": \"PERIODICAL\""));
        String last = metrics.payloads().get(3);
        assertThat(last).contains("\"type\": \"FINAL\"").contains("\"trial_job_id\": \"" + trialId + "\"");
        assertThat(last).contains("\"value\": \"" + finalValue + "\"");
    }

    private static TrialLaunch trial(String trialId, long sequence, double x, double y) {
        String parameters = "{\"parameter_id\": " + sequence + ", \"parameter_source\": \"algorithm\", \"parameters\":"
                + " {\"x\": " + x + ", \"y\": " + y + ", \"shape\": \"bowl\", \"steps\": 3}, \"parameter_index\": 0}";
        return new TrialLaunch("quadrat1", trialId, sequence, parameters, "python3 trial.py", EXAMPLE, null, Map.of());
    }

    private static String stderr(RemoteTrainingService service, String trialId) throws IOException {
        try (InputStream in = service.openLog(trialId, LogName.STDERR).orElse(InputStream.nullInputStream())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
