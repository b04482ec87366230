package dev.sibyl.cli.archive;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A packed trial code directory.
 *
 * @param archive the {@code .tar.gz} written
 * @param fileCount entries packed (regular files and symlinks)
 * @param totalBytes their summed sizes, as counted against the 300 MB limit
 * @param symlinks relative paths of the symlinks stored as links (never followed)
 * @param skipped relative paths of special files (sockets, pipes, devices) left out
 */
public record PackedCode(Path archive, int fileCount, long totalBytes, List<String> symlinks, List<String> skipped) {

    public PackedCode {
        Objects.requireNonNull(archive, "archive");
        if (fileCount < 0 || totalBytes < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        symlinks = List.copyOf(symlinks);
        skipped = List.copyOf(skipped);
    }
}
