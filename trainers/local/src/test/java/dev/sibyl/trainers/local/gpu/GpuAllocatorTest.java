package dev.sibyl.trainers.local.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.trainers.local.gpu.GpuAllocator.Slot;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuAllocatorTest {
    private static Slot idle(int index) {
        return new Slot(index, 0, false, 0, 0);
    }

    @Test
    void prefersGpusWithFewerTrialsThenIdleThenLessMemoryThenLowerUtilisation() {
        List<Slot> pool = List.of(
                new Slot(0, 1, false, 0, 0),
                new Slot(1, 0, true, 0, 0),
                new Slot(2, 0, false, 500, 0),
                new Slot(3, 0, false, 100, 90),
                new Slot(4, 0, false, 100, 10));

        assertThat(GpuAllocator.choose(1, pool, 2, true)).contains(List.of(4));
        assertThat(GpuAllocator.choose(3, pool, 2, true)).contains(List.of(2, 3, 4));
        assertThat(GpuAllocator.choose(4, pool, 2, true)).contains(List.of(1, 2, 3, 4));
        assertThat(GpuAllocator.choose(5, pool, 2, true)).contains(List.of(0, 1, 2, 3, 4));
    }

    @Test
    void skipsBusyGpusUnlessActiveOnesMayBeUsed() {
        List<Slot> pool = List.of(new Slot(0, 0, true, 0, 0), idle(1));

        assertThat(GpuAllocator.choose(1, pool, 1, false)).contains(List.of(1));
        assertThat(GpuAllocator.choose(2, pool, 1, false)).isEmpty();
        assertThat(GpuAllocator.choose(2, pool, 1, true)).contains(List.of(0, 1));
    }

    @Test
    void aGpuHoldsAtMostMaxTrialsPerGpu() {
        List<Slot> pool = List.of(new Slot(0, 2, false, 0, 0), new Slot(1, 1, false, 0, 0));

        assertThat(GpuAllocator.choose(1, pool, 2, false)).contains(List.of(1));
        assertThat(GpuAllocator.choose(2, pool, 2, false)).isEmpty();
        assertThat(GpuAllocator.choose(1, pool, 1, false)).isEmpty();
    }

    @Test
    void answersAreSortedByIndex() {
        List<Slot> pool = List.of(new Slot(5, 0, false, 30, 0), new Slot(2, 0, false, 20, 0), idle(7));

        assertThat(GpuAllocator.choose(3, pool, 1, false)).contains(List.of(2, 5, 7));
    }
}
