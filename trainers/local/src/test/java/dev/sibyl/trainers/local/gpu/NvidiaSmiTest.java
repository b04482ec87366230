package dev.sibyl.trainers.local.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaSmiTest {
    @TempDir
    Path temp;

    @Test
    void parsesGpusAndAttachesComputeProcessesByUuid() throws IOException {
        List<GpuStatus> gpus = NvidiaSmi.parse(
                "0, GPU-aaa, 37, 1024\n1, GPU-bbb, [N/A], [N/A]\n", "GPU-bbb, 4242\nGPU-bbb, 4343\nGPU-zzz, 1\n");

        assertThat(gpus)
                .containsExactly(
                        new GpuStatus(0, "GPU-aaa", 37, 1024, List.of()),
                        new GpuStatus(1, "GPU-bbb", -1, -1, List.of(4242L, 4343L)));
    }

    @Test
    void refusesOutputThatIsNotTheQueriedCsv() {
        assertThatThrownBy(() -> NvidiaSmi.parse("NVIDIA-SMI has failed\n", ""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("NVIDIA-SMI has failed");
    }

    @Test
    void runsTheExecutableFoundOnPathWithBothQueries() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path script = bin.resolve("nvidia-smi");
        // A stand-in that answers only the exact queries the service is expected to send.
        Files.writeString(
                script,
                "#!/bin/bash\n"
                        + "if [ \"$*\" = '--query-gpu=index,uuid,utilization.gpu,memory.used --format=csv,noheader,nounits' ];"
                        + " then echo '0, GPU-a, 5, 10';\n"
                        + "elif [ \"$*\" = '--query-compute-apps=gpu_uuid,pid --format=csv,noheader,nounits' ];"
                        + " then echo 'GPU-a, 77';\n"
                        + "else exit 9; fi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        NvidiaSmi smi = NvidiaSmi.onPath(Map.of("PATH", temp.resolve("empty") + ":" + bin))
                .orElseThrow();

        assertThat(smi.executable()).isEqualTo(script);
        assertThat(smi.query()).containsExactly(new GpuStatus(0, "GPU-a", 5, 10, List.of(77L)));
        assertThat(NvidiaSmi.onPath(Map.of("PATH", temp.resolve("empty").toString())))
                .isEmpty();
    }

    @Test
    void aFailingExecutableIsAnIoError() throws IOException {
        Path script = temp.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/bash\necho 'driver not loaded' >&2\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> new NvidiaSmi(script).query())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited with 3");
    }
}
