package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.TrialLaunch;
import dev.sibyl.trainers.core.TrialPhase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fake training service must keep the TrainingService contract, or the driver tests prove nothing. */
class ScriptedTrainingServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final ScriptedTrainingService service = new ScriptedTrainingService(clock);
    private final TrialLaunch launch = new TrialLaunch(
            "k3j9x0ab",
            "Ab3x9",
            0,
            "{\"parameter_id\": 7, \"parameter_source\": \"algorithm\", \"parameters\": {}, \"parameter_index\": 0}",
            "python3 trial.py",
            Path.of("/code"),
            null,
            Map.of());

    @Test
    void writesMetricsInNniFileChannelLayoutAndReadsThemFromAnOffset() {
        service.submit(launch);
        service.start("Ab3x9");
        service.reportFinal("Ab3x9", 0.93);

        MetricBatch first = service.readMetrics("Ab3x9", 0);

        String payload =
                "{\"parameter_id\": 7, \"trial_job_id\": \"Ab3x9\", \"type\": \"FINAL\", \"sequence\": 0, \"value\": \"0.93\"}";
        assertThat(first.payloads()).containsExactly(payload);
        assertThat(first.nextOffset()).isEqualTo(8 + payload.getBytes(StandardCharsets.UTF_8).length + 1);
        assertThat(service.readMetrics("Ab3x9", first.nextOffset()).payloads()).isEmpty();

        service.appendToMetricsFile("Ab3x9", "ME000050{\"parameter".getBytes(StandardCharsets.UTF_8));
        MetricBatch partial = service.readMetrics("Ab3x9", first.nextOffset());
        assertThat(partial.payloads()).isEmpty();
        assertThat(partial.nextOffset()).isEqualTo(first.nextOffset());
    }

    @Test
    void submitIsIdempotentAndUnknownTrialsAreReportedAsSuch() {
        service.submit(launch);
        service.start("Ab3x9");
        service.submit(launch);

        assertThat(service.phase("Ab3x9")).isEqualTo(TrialPhase.RUNNING);
        assertThat(service.poll("Zz999").phase()).isEqualTo(TrialPhase.UNKNOWN);
        assertThat(new ScriptedTrainingService(clock).poll("Ab3x9").phase()).isEqualTo(TrialPhase.UNKNOWN);
    }

    @Test
    void cancelEndsARunningTrialAndLeavesAFinishedOneAlone() {
        service.submit(launch);
        service.start("Ab3x9");
        service.cancel("Ab3x9");
        assertThat(service.phase("Ab3x9")).isEqualTo(TrialPhase.CANCELED);

        TrialLaunch other = new TrialLaunch(
                "k3j9x0ab", "Bc4y0", 1, launch.parameterRecord(), "true", Path.of("/code"), null, Map.of());
        service.submit(other);
        service.start("Bc4y0");
        service.exit("Bc4y0", 0);
        service.cancel("Bc4y0");
        assertThat(service.phase("Bc4y0")).isEqualTo(TrialPhase.SUCCEEDED);
    }
}
