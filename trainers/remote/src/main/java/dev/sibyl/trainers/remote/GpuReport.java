package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.local.gpu.GpuAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GPU use on one machine as {@code gpu-query.sh} printed it: the GPUs {@code nvidia-smi} lists (none when it is
 * missing), the compute processes on them with their process groups, and which GPUs this experiment's unfinished
 * trials hold (read from their trial directories, so it survives a server restart).
 */
record GpuReport(boolean nvidiaSmi, List<Gpu> gpus, List<List<Integer>> holders, Set<Long> trialGroups) {
    /** One GPU: index, UUID, utilisation %, used memory MiB (-1 when unknown), process groups of its processes. */
    record Gpu(int index, String uuid, int utilizationPercent, long memoryUsedMiB, Set<Long> processGroups) {}

    static GpuReport parse(String output) {
        String section = "";
        List<List<Integer>> holders = new ArrayList<>();
        Set<Long> trialGroups = new HashSet<>();
        List<String[]> gpuRows = new ArrayList<>();
        Map<String, Set<Long>> groupsByUuid = new HashMap<>();
        boolean nvidiaSmi = true;
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                section = line;
                nvidiaSmi &= !"#no-nvidia-smi".equals(line);
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            switch (section) {
                case "#holders" -> holders.add(indices(line.contains(" ") ? line.substring(line.indexOf(' ')) : ""));
                case "#pids" -> trialGroups.add(Long.parseLong(line));
                case "#gpus" -> gpuRows.add(line.split("\\s*,\\s*"));
                case "#apps" -> {
                    String[] app = line.split("\\s*,\\s*");
                    if (app.length >= 3 && !app[2].isEmpty()) {
                        groupsByUuid
                                .computeIfAbsent(app[0], k -> new HashSet<>())
                                .add(Long.parseLong(app[2]));
                    }
                }
                default -> {}
            }
        }
        List<Gpu> gpus = new ArrayList<>();
        for (String[] row : gpuRows) {
            if (row.length < 4) {
                throw new IllegalArgumentException("unexpected nvidia-smi line: " + String.join(",", row));
            }
            gpus.add(new Gpu(
                    Integer.parseInt(row[0]),
                    row[1],
                    (int) numberOrUnknown(row[2]),
                    numberOrUnknown(row[3]),
                    groupsByUuid.getOrDefault(row[1], Set.of())));
        }
        return new GpuReport(nvidiaSmi, gpus, holders, trialGroups);
    }

    /** The GPUs trials may use: those listed, restricted to {@code configured}; without nvidia-smi, configured. */
    List<Integer> usable(List<Integer> configured) {
        if (!nvidiaSmi) {
            return configured == null ? List.of() : configured;
        }
        List<Integer> usable = new ArrayList<>();
        for (Gpu gpu : gpus) {
            if (configured == null || configured.contains(gpu.index())) {
                usable.add(gpu.index());
            }
        }
        return usable;
    }

    /** The allocator's view: per usable GPU, this experiment's trials on it and whether other work uses it. */
    List<GpuAllocator.Slot> slots(List<Integer> configured) {
        Map<Integer, Integer> trials = new HashMap<>();
        for (List<Integer> held : holders) {
            for (int index : held) {
                trials.merge(index, 1, Integer::sum);
            }
        }
        Map<Integer, Gpu> byIndex = new HashMap<>();
        for (Gpu gpu : gpus) {
            byIndex.put(gpu.index(), gpu);
        }
        List<GpuAllocator.Slot> slots = new ArrayList<>();
        for (int index : usable(configured)) {
            Gpu gpu = byIndex.get(index);
            boolean busy = gpu != null && !trialGroups.containsAll(gpu.processGroups());
            slots.add(new GpuAllocator.Slot(
                    index,
                    trials.getOrDefault(index, 0),
                    busy,
                    gpu == null ? -1 : gpu.memoryUsedMiB(),
                    gpu == null ? -1 : gpu.utilizationPercent()));
        }
        return slots;
    }

    /** This report with one more trial holding {@code indices}. */
    GpuReport withHolder(List<Integer> indices) {
        List<List<Integer>> more = new ArrayList<>(holders);
        more.add(List.copyOf(indices));
        return new GpuReport(nvidiaSmi, gpus, more, trialGroups);
    }

    static List<Integer> indices(String text) {
        List<Integer> indices = new ArrayList<>();
        for (String part : text.strip().split(",")) {
            if (!part.isBlank()) {
                indices.add(Integer.valueOf(part.strip()));
            }
        }
        return indices;
    }

    private static long numberOrUnknown(String field) {
        try {
            return Math.round(Double.parseDouble(field.strip()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
