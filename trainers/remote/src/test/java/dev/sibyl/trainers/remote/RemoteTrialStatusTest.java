package dev.sibyl.trainers.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RemoteTrialStatusTest {
    @Test
    void aMissingDirectoryIsUnknown() {
        assertThat(RemoteTrialStatus.parse("absent=1\n").phase()).isEqualTo(TrialPhase.UNKNOWN);
    }

    @Test
    void anExitRecordDecidesAndACancelBeforeItMakesItCanceled() {
        String ended = "now=5000\npid=42 77 1000\nspawned=900\nstate=3 4000\n";
        TrialState failed = RemoteTrialStatus.parse(ended);
        assertThat(failed.phase()).isEqualTo(TrialPhase.FAILED);
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.startedAt()).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat(failed.endedAt()).isEqualTo(Instant.ofEpochMilli(4000));
        assertThat(RemoteTrialStatus.parse(ended + "cancel=3500\n").phase()).isEqualTo(TrialPhase.CANCELED);
        assertThat(RemoteTrialStatus.parse(ended + "cancel=4500\n").phase()).isEqualTo(TrialPhase.FAILED);
        assertThat(RemoteTrialStatus.parse("now=5000\npid=42 77 1000\nstate=0 4000\n")
                        .phase())
                .isEqualTo(TrialPhase.SUCCEEDED);
    }

    @Test
    void aLiveWrapperIsRunningAndADeadOneWithoutExitVanished() {
        assertThat(RemoteTrialStatus.parse("now=5000\npid=42 77 1000\nalive=1\n")
                        .phase())
                .isEqualTo(TrialPhase.RUNNING);
        TrialState vanished = RemoteTrialStatus.parse("now=5000\npid=42 77 1000\nalive=0\nspawned=900\n");
        assertThat(vanished.phase()).isEqualTo(TrialPhase.FAILED);
        assertThat(vanished.message()).isEqualTo("trial process vanished");
    }

    @Test
    void aWrapperJustSpawnedCountsAsRunningUntilTheSettlingPeriodEnds() {
        assertThat(RemoteTrialStatus.parse("now=5000\nspawned=4000\n").phase()).isEqualTo(TrialPhase.RUNNING);
        assertThat(RemoteTrialStatus.parse("now=50000\nspawned=4000\n").phase()).isEqualTo(TrialPhase.FAILED);
        assertThat(RemoteTrialStatus.parse("now=5000\nspawned=4000\ncancel=4500\n")
                        .phase())
                .isEqualTo(TrialPhase.CANCELED);
    }
}
