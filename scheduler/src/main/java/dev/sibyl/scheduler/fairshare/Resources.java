package dev.sibyl.scheduler.fairshare;

import java.util.Objects;

/**
 * An amount of compute: GPUs of one type, CPU, memory and trial slots. Used for machine capacity,
 * trial demand and tenant quotas.
 *
 * @param gpuType empty means any type (as a demand) or untyped (as a capacity or quota)
 */
public record Resources(int gpus, String gpuType, long cpuMillis, long memoryMb, int slots) {
    /** Large enough to never bind, small enough that adding a few never overflows. */
    public static final int UNLIMITED_COUNT = Integer.MAX_VALUE / 8;

    public static final long UNLIMITED_AMOUNT = Long.MAX_VALUE / 8;

    public static final Resources NONE = new Resources(0, "", 0, 0, 0);

    public static final Resources UNLIMITED =
            new Resources(UNLIMITED_COUNT, "", UNLIMITED_AMOUNT, UNLIMITED_AMOUNT, UNLIMITED_COUNT);

    public Resources {
        Objects.requireNonNull(gpuType, "gpuType");
        if (gpus < 0 || cpuMillis < 0 || memoryMb < 0 || slots < 0) {
            throw new IllegalArgumentException("resources must not be negative: " + gpus + " gpus, " + cpuMillis
                    + " mcpu, " + memoryMb + " MB, " + slots + " slots");
        }
    }

    public static Resources of(int gpus, long cpuMillis, long memoryMb) {
        return new Resources(gpus, "", cpuMillis, memoryMb, 1);
    }

    public Resources plus(Resources other) {
        return new Resources(
                gpus + other.gpus,
                gpuType,
                cpuMillis + other.cpuMillis,
                memoryMb + other.memoryMb,
                slots + other.slots);
    }

    /** True when every dimension of this amount is at most the other's. */
    public boolean fitsIn(Resources other) {
        return gpus <= other.gpus && cpuMillis <= other.cpuMillis && memoryMb <= other.memoryMb && slots <= other.slots;
    }

    /** True when a machine with GPUs of {@code machineGpuType} can serve this demand. */
    public boolean acceptsGpuType(String machineGpuType) {
        return gpuType.isEmpty() || gpus == 0 || gpuType.equals(machineGpuType);
    }
}
