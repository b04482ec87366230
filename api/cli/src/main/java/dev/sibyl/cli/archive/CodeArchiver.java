package dev.sibyl.cli.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Packs a trial code directory into a {@code .tar.gz} the way NNI uploads one: entries matched by
 * the directory's {@code .nniignore} are left out (directories are tested as directories, so
 * {@code name/} patterns work), and after ignoring at most 2000 files and 300 MB are allowed.
 *
 * <p>Symlinks are stored as symlinks with their target text and never followed, so a link cannot
 * pull in content from outside the directory nor loop; NNI likewise uploads them "as is". Special
 * files (pipes, sockets, devices) are skipped. Only files and links become entries; directories are
 * implied by their paths, so empty directories are not packed (as with NNI).
 *
 * <p>Stateless and thread-safe.
 */
public final class CodeArchiver {

    /** NNI's limit on the number of files in a code directory. */
    public static final int MAX_FILES = 2000;

    /** NNI's limit on the total size of a code directory, in bytes (300 MB). */
    public static final long MAX_BYTES = 300L * 1024 * 1024;

    /** Name of the ignore file read from the root of the code directory. */
    public static final String IGNORE_FILE = ".nniignore";

    private final int maxFiles;
    private final long maxBytes;

    public CodeArchiver() {
        this(MAX_FILES, MAX_BYTES);
    }

    public CodeArchiver(int maxFiles, long maxBytes) {
        if (maxFiles < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
    }

    /**
     * Packs {@code codeDirectory} into {@code archive} (created or overwritten). The limits are
     * checked on the whole listing before anything is written.
     *
     * @throws ArchiveRejectedException when the directory is over a limit, with NNI's message
     * @throws IOException when the directory cannot be read or the archive written
     */
    public PackedCode pack(Path codeDirectory, Path archive) throws IOException, ArchiveRejectedException {
        Path root = codeDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory");
        }
        IgnoreRules rules = readIgnoreFile(root);
        Listing listing = new Listing(root);
        walk(root, "", rules, listing);
        write(root, listing.entries, archive);
        return new PackedCode(archive, listing.entries.size(), listing.bytes, listing.symlinks, listing.skipped);
    }

    private static IgnoreRules readIgnoreFile(Path root) throws IOException {
        Path ignoreFile = root.resolve(IGNORE_FILE);
        if (!Files.isRegularFile(ignoreFile)) {
            return IgnoreRules.none();
        }
        return IgnoreRules.parse(Files.readString(ignoreFile, StandardCharsets.UTF_8));
    }

    private void walk(Path root, String relativeDirectory, IgnoreRules rules, Listing listing)
            throws IOException, ArchiveRejectedException {
        Path directory = relativeDirectory.isEmpty() ? root : root.resolve(relativeDirectory);
        for (Path child : sortedChildren(directory)) {
            String relative = relativeDirectory.isEmpty()
                    ? child.getFileName().toString()
                    : relativeDirectory + "/" + child.getFileName();
            BasicFileAttributes attributes =
                    Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (rules.matches(relative, attributes.isDirectory())) {
                continue; // the walk never enters an ignored directory, so its children stay out
            }
            if (attributes.isDirectory()) {
                walk(root, relative, rules, listing);
            } else if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
                listing.add(new Entry(relative, child, attributes.isSymbolicLink()), attributes.size());
            } else {
                listing.skipped.add(relative);
            }
        }
    }

    private static List<Path> sortedChildren(Path directory) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(children::add);
        }
        children.sort(
                (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return children;
    }

    private static void write(Path root, List<Entry> entries, Path archive) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(archive));
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Entry entry : entries) {
                if (entry.symlink) {
                    TarArchiveEntry link = new TarArchiveEntry(entry.relative, TarConstants.LF_SYMLINK);
                    link.setLinkName(Files.readSymbolicLink(entry.path).toString());
                    link.setModTime(Files.getLastModifiedTime(entry.path, LinkOption.NOFOLLOW_LINKS));
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                } else {
                    TarArchiveEntry regular = new TarArchiveEntry(entry.relative);
                    regular.setSize(Files.size(entry.path));
                    regular.setMode(mode(entry.path));
                    regular.setModTime(Files.getLastModifiedTime(entry.path));
                    tar.putArchiveEntry(regular);
                    Files.copy(entry.path, tar);
                    tar.closeArchiveEntry();
                }
            }
            tar.finish();
        }
    }

    /** Keeps the executable bits (trial scripts are often run directly); everything else is 644. */
    private static int mode(Path file) throws IOException {
        int mode = 0644;
        try {
            Set<PosixFilePermission> permissions = Files.readAttributes(
                            file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .permissions();
            if (permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
                mode |= 0100;
            }
            if (permissions.contains(PosixFilePermission.GROUP_EXECUTE)) {
                mode |= 0010;
            }
            if (permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                mode |= 0001;
            }
        } catch (UnsupportedOperationException notPosix) {
            if (Files.isExecutable(file)) {
                mode |= 0111;
            }
        }
        return mode;
    }

    private record Entry(String relative, Path path, boolean symlink) {}

    private final class Listing {
        private final Path root;
        private final List<Entry> entries = new ArrayList<>();
        private final List<String> symlinks = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        private long bytes;

        Listing(Path root) {
            this.root = root;
        }

        void add(Entry entry, long size) throws ArchiveRejectedException {
            entries.add(entry);
            if (entry.symlink) {
                symlinks.add(entry.relative);
            }
            bytes += size;
            if (entries.size() > maxFiles) {
                throw new ArchiveRejectedException(root + " contains too many files (more than " + maxFiles + ")");
            }
            if (bytes > maxBytes) {
                throw new ArchiveRejectedException(root + " is too large (more than " + megabytes(maxBytes) + ")");
            }
        }

        private static String megabytes(long bytes) {
            return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + "MB" : bytes + " bytes";
        }
    }
}
