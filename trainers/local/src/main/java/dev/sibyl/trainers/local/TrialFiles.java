package dev.sibyl.trainers.local;

import dev.sibyl.trainers.core.LogName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The files of one trial directory, {@code <experimentDirectory>/trials/<trialId>/} (NNI_SYS_DIR and
 * NNI_OUTPUT_DIR). They are the whole state of a trial, so any service instance can pick a trial up:
 *
 * <pre>
 * parameter.cfg        the parameter record, written before launch
 * code/                private copy of the trial code (NNI_CODE_DIR, the working directory)
 * stdout, stderr       the trial's output; trial.log is written by the SDK
 * .nni/launch.properties  the accepted launch (present from submit on; a trial without pid waits)
 * .nni/gpus            GPU indices given to the trial
 * .nni/spawned         epoch-ms at which the wrapper was spawned
 * .nni/run.sh          the wrapper; .nni/pid and .nni/state are written by it
 * .nni/cancel          epoch-ms of the cancel request
 * .nni/error           why the trial could not be started
 * .nni/metrics         ME records appended by the SDK
 * </pre>
 */
final class TrialFiles {
    /** Contents of {@code .nni/pid}. {@code startTicks} is null when {@code /proc} was unavailable. */
    record PidRecord(long pid, Long startTicks, long startedAtMillis) {}

    /** Contents of {@code .nni/state}. */
    record ExitRecord(int exitCode, long endedAtMillis) {}

    private final Path directory;

    TrialFiles(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    boolean exists() {
        return Files.isDirectory(directory);
    }

    Path code() {
        return directory.resolve("code");
    }

    Path codeInProgress() {
        return directory.resolve("code.partial");
    }

    Path parameterFile() {
        return directory.resolve("parameter.cfg");
    }

    Path log(LogName log) {
        return directory.resolve(log.fileName());
    }

    Path nniDirectory() {
        return directory.resolve(".nni");
    }

    Path launchFile() {
        return nniDirectory().resolve("launch.properties");
    }

    Path runScript() {
        return nniDirectory().resolve("run.sh");
    }

    Path metrics() {
        return nniDirectory().resolve("metrics");
    }

    private Path pidFile() {
        return nniDirectory().resolve("pid");
    }

    private Path spawnedFile() {
        return nniDirectory().resolve("spawned");
    }

    private Path stateFile() {
        return nniDirectory().resolve("state");
    }

    private Path cancelFile() {
        return nniDirectory().resolve("cancel");
    }

    private Path errorFile() {
        return nniDirectory().resolve("error");
    }

    private Path gpusFile() {
        return nniDirectory().resolve("gpus");
    }

    /** The trial was handed to a wrapper (which may not have written its pid yet), or it has ended. */
    boolean launched() {
        return Files.exists(spawnedFile()) || Files.exists(pidFile()) || Files.exists(stateFile());
    }

    /** Recorded just before the wrapper is spawned, so no other instance queues the trial again meanwhile. */
    void markSpawned(long nowMillis) throws IOException {
        writeAtomically(spawnedFile(), nowMillis + "\n");
    }

    /** When the wrapper was spawned, if it was. */
    OptionalLong spawnedAt() {
        String[] fields = firstLineFields(spawnedFile());
        try {
            return fields.length < 1 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[0]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The wrapper's pid record, or empty when absent or not completely written yet. */
    Optional<PidRecord> pid() {
        // The wrapper writes the line in one go; without its newline it is still being written.
        String[] fields = firstLineFields(pidFile(), true);
        if (fields.length < 3) {
            return Optional.empty();
        }
        try {
            Long ticks = "-".equals(fields[1]) ? null : Long.valueOf(fields[1]);
            return Optional.of(new PidRecord(Long.parseLong(fields[0]), ticks, Long.parseLong(fields[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    Optional<ExitRecord> exit() {
        String[] fields = firstLineFields(stateFile());
        if (fields.length < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ExitRecord(Integer.parseInt(fields[0]), Long.parseLong(fields[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    OptionalLong cancelRequestedAt() {
        String[] fields = firstLineFields(cancelFile());
        if (fields.length < 1) {
            return Files.exists(cancelFile()) ? OptionalLong.of(0) : OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(fields[0]));
        } catch (NumberFormatException e) {
            return OptionalLong.of(0);
        }
    }

    /** Records the cancel request unless one is recorded already; true when this call recorded it. */
    boolean markCancelled(long nowMillis) throws IOException {
        Files.createDirectories(nniDirectory());
        try {
            Files.writeString(cancelFile(), nowMillis + "\n", StandardOpenOption.CREATE_NEW);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    Optional<String> launchError() {
        try {
            return Optional.of(Files.readString(errorFile()).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read " + errorFile() + ": " + e.getMessage());
        }
    }

    void writeLaunchError(String message) throws IOException {
        writeAtomically(errorFile(), message + "\n");
    }

    Optional<List<Integer>> gpus() {
        if (!Files.exists(gpusFile())) {
            return Optional.empty();
        }
        List<Integer> indices = new ArrayList<>();
        for (String field : firstLineFields(gpusFile())) {
            for (String part : field.split(",")) {
                if (!part.isEmpty()) {
                    indices.add(Integer.valueOf(part));
                }
            }
        }
        return Optional.of(List.copyOf(indices));
    }

    void writeGpus(List<Integer> indices) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int index : indices) {
            text.append(text.length() == 0 ? "" : ",").append(index);
        }
        writeAtomically(gpusFile(), text + "\n");
    }

    static void writeAtomically(Path file, String content) throws IOException {
        writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static void writeAtomically(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String[] firstLineFields(Path file) {
        return firstLineFields(file, false);
    }

    private static String[] firstLineFields(Path file, boolean complete) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new String[0];
        }
        int end = text.indexOf('\n');
        if (complete && end < 0) {
            return new String[0];
        }
        String line = (end < 0 ? text : text.substring(0, end)).strip();
        return line.isEmpty() ? new String[0] : line.split("\\s+");
    }
}
