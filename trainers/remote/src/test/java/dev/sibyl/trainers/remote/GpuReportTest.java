package dev.sibyl.trainers.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.local.gpu.GpuAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuReportTest {
    private static final String OUTPUT = String.join(
            "\n",
            "#holders",
            "tr001 0",
            "tr002 0,1",
            "#pids",
            "4242",
            "#gpus",
            "0, GPU-aaa, 35, 1200",
            "1, GPU-bbb, [N/A], 0",
            "2, GPU-ccc, 0, 0",
            "#apps",
            "GPU-aaa, 5000, 4242",
            "GPU-ccc, 6000, 6000",
            "");

    @Test
    void countsOurTrialsPerGpuAndCallsGpusWithForeignProcessesBusy() {
        List<GpuAllocator.Slot> slots = GpuReport.parse(OUTPUT).slots(null);
        assertThat(slots)
                .containsExactly(
                        new GpuAllocator.Slot(0, 2, false, 1200, 35),
                        new GpuAllocator.Slot(1, 1, false, 0, -1),
                        new GpuAllocator.Slot(2, 0, true, 0, 0));
    }

    @Test
    void gpuIndicesRestrictTheGpusAndAreTakenOnTrustWithoutNvidiaSmi() {
        assertThat(GpuReport.parse(OUTPUT).usable(List.of(2, 7))).containsExactly(2);
        GpuReport none = GpuReport.parse("#holders\n#pids\n#no-nvidia-smi\n");
        assertThat(none.usable(List.of(0, 3))).containsExactly(0, 3);
        assertThat(none.usable(null)).isEmpty();
    }
}
