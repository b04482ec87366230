package dev.sibyl.trainers.local.gpu;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads GPU facts from the {@code nvidia-smi} executable: index, UUID, utilisation and used memory of each GPU
 * ({@code --query-gpu}), and the compute processes on them ({@code --query-compute-apps}), both as headerless CSV.
 *
 * <p>Thread-safe; each {@link #query()} runs the executable afresh.
 */
public final class NvidiaSmi {
    static final List<String> GPU_QUERY =
            List.of("--query-gpu=index,uuid,utilization.gpu,memory.used", "--format=csv,noheader,nounits");
    static final List<String> PROCESS_QUERY =
            List.of("--query-compute-apps=gpu_uuid,pid", "--format=csv,noheader,nounits");
    private static final long TIMEOUT_SECONDS = 30;

    private final Path executable;

    public NvidiaSmi(Path executable) {
        this.executable = executable;
    }

    /** The {@code nvidia-smi} found on the {@code PATH} of {@code environment}, if any. */
    public static Optional<NvidiaSmi> onPath(Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, "nvidia-smi");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new NvidiaSmi(candidate));
            }
        }
        return Optional.empty();
    }

    public Path executable() {
        return executable;
    }

    /**
     * Current state of every GPU, by index.
     *
     * @throws IOException when {@code nvidia-smi} fails, times out or prints something unreadable
     */
    public List<GpuStatus> query() throws IOException {
        return parse(run(GPU_QUERY), run(PROCESS_QUERY));
    }

    static List<GpuStatus> parse(String gpuCsv, String processCsv) throws IOException {
        Map<String, List<Long>> processes = new HashMap<>();
        for (String line : processCsv.split("\n")) {
            String[] fields = line.split(",");
            if (fields.length < 2) {
                continue;
            }
            try {
                long pid = Long.parseLong(fields[1].strip());
                processes
                        .computeIfAbsent(fields[0].strip(), k -> new ArrayList<>())
                        .add(pid);
            } catch (NumberFormatException e) {
                // "[N/A]" pids or a message instead of a row: not a process we can account for
            }
        }
        List<GpuStatus> gpus = new ArrayList<>();
        for (String line : gpuCsv.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length < 4) {
                throw new IOException("unexpected nvidia-smi output line: " + line);
            }
            int index;
            try {
                index = Integer.parseInt(fields[0].strip());
            } catch (NumberFormatException e) {
                throw new IOException("unexpected nvidia-smi output line: " + line, e);
            }
            String uuid = fields[1].strip();
            gpus.add(new GpuStatus(
                    index,
                    uuid,
                    (int) numberOrUnknown(fields[2]),
                    numberOrUnknown(fields[3]),
                    processes.getOrDefault(uuid, List.of())));
        }
        return gpus;
    }

    private static long numberOrUnknown(String field) {
        try {
            return Math.round(Double.parseDouble(field.strip()));
        } catch (NumberFormatException e) {
            return -1; // "[N/A]", "[Not Supported]"
        }
    }

    private String run(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        // Output goes to a file rather than a pipe so that a hanging nvidia-smi cannot block a reader thread.
        Path output = Files.createTempFile("sibyl-nvidia-smi", ".csv");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(executable + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(executable + " " + arguments.get(0) + " exited with " + process.exitValue());
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + executable, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
