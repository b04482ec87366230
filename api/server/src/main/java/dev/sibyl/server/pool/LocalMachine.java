package dev.sibyl.server.pool;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the server's own machine offers trials: processors, memory and the GPUs {@code nvidia-smi} lists. */
final class LocalMachine {
    private LocalMachine() {}

    /** @param slots trial slots; 0 means four per processor */
    static PoolMachine discover(int slots) {
        int processors = Runtime.getRuntime().availableProcessors();
        long memoryMb = totalMemoryMb();
        return new PoolMachine(
                "localhost", slots > 0 ? slots : 4 * processors, 1000L * processors, memoryMb, gpus(), "");
    }

    private static long totalMemoryMb() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024 * 1024);
        }
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    /** The GPU indices {@code nvidia-smi} reports; none when it is absent or fails. */
    static List<Integer> gpus() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index", "--format=csv,noheader")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return List.of();
            }
            List<Integer> indices = new ArrayList<>();
            for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.strip().matches("\\d+")) {
                    indices.add(Integer.parseInt(line.strip()));
                }
            }
            return indices;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
