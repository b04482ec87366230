package dev.sibyl.trainers.openpai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One trial's directory on the shared storage, {@code <experiment>/<trial>/} under the storage root: seen by
 * this server under {@code localStorageMountPoint} and by the job's container under {@code
 * containerStorageMountPoint}. It holds everything the trial reads and writes, so any service instance can pick
 * the trial up:
 *
 * <pre>
 * parameter.cfg        the parameter record (NNI_SYS_DIR)
 * code/                private copy of the trial code (NNI_CODE_DIR, the working directory)
 * stdout, stderr       the trial's output, redirected there by the job command; trial.log is the SDK's
 * .nni/run.sh          the wrapper the job runs (environment, trial command, exit record)
 * .nni/prepared        present once the directory is complete
 * .nni/job             the OpenPAI job name, present once OpenPAI accepted the job
 * .nni/cancel          epoch-ms of the cancel request
 * .nni/started         epoch-ms at which the wrapper started, written in the container
 * .nni/state           "&lt;exit code&gt; &lt;epoch-ms&gt;" once the trial command ended, written in the container
 * .nni/metrics         ME records appended by the SDK (the file channel)
 * </pre>
 */
final class TrialStorage {
    /** Contents of {@code .nni/state}. */
    record ExitRecord(int exitCode, long endedAtMillis) {}

    static final String CODE = "code";
    static final String PARAMETERS = "parameter.cfg";
    static final String RUN_SCRIPT = ".nni/run.sh";
    static final String METRICS = ".nni/metrics";

    private final Path directory;
    private final String containerDirectory;

    TrialStorage(Path directory, String containerDirectory) {
        this.directory = directory;
        this.containerDirectory = containerDirectory;
    }

    boolean exists() {
        return Files.isDirectory(directory);
    }

    /** The trial directory as this server sees it. */
    Path local() {
        return directory;
    }

    /** A file of the trial directory ({@link #CODE}, {@link #METRICS}, a log name, ...) as this server sees it. */
    Path local(String relative) {
        return directory.resolve(relative);
    }

    /** The trial directory as the container sees it. */
    String inContainer() {
        return containerDirectory;
    }

    /** A file of the trial directory as the container sees it. */
    String inContainer(String relative) {
        return containerDirectory + "/" + relative;
    }

    boolean prepared() {
        return Files.exists(nni().resolve("prepared"));
    }

    /**
     * Fills the directory: a fresh copy of the code, the parameter record and the wrapper, then the {@code
     * prepared} mark. A directory left half-filled by a crash is filled again.
     */
    void prepare(Path codeDirectory, String parameterRecord, String runScript) throws IOException {
        Files.createDirectories(nni());
        Path partial = directory.resolve("code.partial");
        deleteTree(partial);
        deleteTree(local(CODE));
        copyTree(codeDirectory, partial);
        Files.move(partial, local(CODE), StandardCopyOption.ATOMIC_MOVE);
        writeAtomically(local(PARAMETERS), parameterRecord);
        writeAtomically(local(RUN_SCRIPT), runScript);
        writeAtomically(nni().resolve("prepared"), "");
    }

    boolean submitted() {
        return Files.exists(nni().resolve("job"));
    }

    void markSubmitted(String jobName) throws IOException {
        writeAtomically(nni().resolve("job"), jobName + "\n");
    }

    OptionalLong cancelRequestedAt() {
        return firstNumber(nni().resolve("cancel"));
    }

    /** Records the cancel request unless one is recorded already. */
    void markCancelled(long nowMillis) throws IOException {
        Files.createDirectories(nni());
        try {
            Files.writeString(nni().resolve("cancel"), nowMillis + "\n", StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException alreadyCancelled) {
            // the first request's time stays
        }
    }

    OptionalLong startedAt() {
        return firstNumber(nni().resolve("started"));
    }

    Optional<ExitRecord> exit() {
        List<Long> fields = numbers(nni().resolve("state"));
        if (fields.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new ExitRecord(fields.get(0).intValue(), fields.get(1)));
    }

    private Path nni() {
        return directory.resolve(".nni");
    }

    private static OptionalLong firstNumber(Path file) {
        List<Long> fields = numbers(file);
        return fields.isEmpty() ? OptionalLong.empty() : OptionalLong.of(fields.get(0));
    }

    /** The whitespace-separated numbers of a file's first complete line; empty when absent or garbled. */
    private static List<Long> numbers(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
        int end = text.indexOf('\n');
        if (end < 0) {
            return List.of(); // still being written
        }
        try {
            return Stream.of(text.substring(0, end).trim().split("\\s+"))
                    .map(Long::valueOf)
                    .toList();
        } catch (NumberFormatException e) {
            return List.of();
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Copies files, directories and symbolic links (as links), keeping file attributes. */
    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> entries = Files.walk(source)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Path copy = target.resolve(source.relativize(entry).toString());
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(entry, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(root)) {
            for (Path entry : (Iterable<Path>) entries.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(entry);
            }
        }
    }
}
