package dev.sibyl.trainers.openpai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenPAI job states the stand-in never produces (platform exit codes, purged times, UNKNOWN). */
class TrialStatesTest {
    @TempDir
    Path temp;

    private TrialStorage storage;

    @BeforeEach
    void emptyTrialDirectory() throws IOException {
        storage = new TrialStorage(
                Files.createDirectories(temp.resolve("Tr001/.nni")).getParent(), "/mnt/x/Tr001");
    }

    @Test
    void theWrappersExitCodeWinsOverOpenPaisPlatformCode() throws IOException {
        Files.writeString(storage.local(".nni/state"), "3 2000\n");

        TrialState state = TrialStates.of(new JobStatus("FAILED", -7200, 255, 1000L, 2500L, "killed"), storage);

        assertThat(state.phase()).isEqualTo(TrialPhase.FAILED);
        assertThat(state.exitCode()).isEqualTo(3);
        assertThat(state.message()).isEqualTo("exit code 3");
        assertThat(state.startedAt()).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat(state.endedAt()).isEqualTo(Instant.ofEpochMilli(2500));
    }

    @Test
    void aJobThatFailedBeforeTheWrapperRanCarriesOpenPaisDiagnostics() {
        TrialState state = TrialStates.of(
                new JobStatus("FAILED", 12, null, null, 2500L, "image pull failed: manifest unknown"), storage);

        assertThat(state.exitCode()).isEqualTo(12);
        assertThat(state.message()).isEqualTo("OpenPAI: image pull failed: manifest unknown");
    }

    @Test
    void timesMissingFromOpenPaiComeFromTheWrappersRecords() throws IOException {
        Files.writeString(storage.local(".nni/started"), "1500\n");
        Files.writeString(storage.local(".nni/state"), "0 1900\n");

        TrialState state = TrialStates.of(new JobStatus("SUCCEEDED", 0, 0, null, null, null), storage);

        assertThat(state.startedAt()).isEqualTo(Instant.ofEpochMilli(1500));
        assertThat(state.endedAt()).isEqualTo(Instant.ofEpochMilli(1900));
    }

    @Test
    void anUnknownStateWaitsUntilTheJobWasLaunched() {
        assertThat(TrialStates.of(new JobStatus("UNKNOWN", null, null, null, null, null), storage)
                        .phase())
                .isEqualTo(TrialPhase.WAITING);
        assertThat(TrialStates.of(new JobStatus("UNKNOWN", null, null, 1000L, null, null), storage)
                        .phase())
                .isEqualTo(TrialPhase.RUNNING);
    }

    @Test
    void aJobStoppedByItsOwnerOnOpenPaiIsCanceledWithoutOurRequest() {
        TrialState state = TrialStates.of(new JobStatus("STOPPED", null, null, 1000L, 2000L, null), storage);

        assertThat(state.phase()).isEqualTo(TrialPhase.CANCELED);
        assertThat(state.message()).isEqualTo("stopped on OpenPAI");
    }
}
