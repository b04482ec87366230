package dev.sibyl.server.archive;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

/**
 * Unpacks an untrusted tar, tar.gz or zip archive into a fresh directory, streaming, and refuses anything
 * that could reach outside it or exhaust the machine: absolute paths, {@code ..} segments, hard links,
 * device and other special files, symbolic links that resolve outside the directory, more files or more
 * content bytes than {@link ArchiveLimits} allow. Sizes are counted while reading, never taken from
 * headers, and reading stops at the first byte over a limit, so compression bombs cost next to nothing.
 *
 * <p>Zip archives are read as a stream of local entries (the central directory of an untrusted zip is not
 * trusted either); zip symbolic links therefore arrive as small regular files holding the link target.
 */
public final class ArchiveExtractor {
    private static final int BUFFER = 64 * 1024;
    /** Small, so a compression bomb is refused after reading little more of it than the limit needs. */
    private static final int GZIP_INPUT_BUFFER = 8 * 1024;

    private static final int MAX_LINK_TARGET = 4096;
    private static final int MAX_SHOWN_NAME = 200;

    private final ArchiveLimits limits;

    public ArchiveExtractor(ArchiveLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** What an archive unpacked to. */
    public record Extraction(ArchiveFormat format, int files, long bytes) {}

    /**
     * Unpacks {@code archive} into {@code target}, which must not exist yet. On any failure {@code target}
     * is removed again.
     *
     * @throws InvalidArchiveException when the archive is not acceptable; the message completes "the code
     *     archive ..."
     */
    public Extraction extract(Path archive, Path target) throws InvalidArchiveException, IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), BUFFER)) {
            return extract(in, target);
        }
    }

    /** As {@link #extract(Path, Path)}, reading the archive from {@code in} (detected by its first bytes). */
    public Extraction extract(InputStream in, Path target) throws InvalidArchiveException, IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, BUFFER);
        buffered.mark(ArchiveFormat.HEAD_LENGTH);
        byte[] head = buffered.readNBytes(ArchiveFormat.HEAD_LENGTH);
        buffered.reset();
        ArchiveFormat format = ArchiveFormat.detect(head, head.length)
                .orElseThrow(() -> new InvalidArchiveException("is not a tar, tar.gz (tgz) or zip archive"));
        Files.createDirectory(target);
        Unpacking unpacking = new Unpacking(target);
        boolean done = false;
        try {
            switch (format) {
                case ZIP:
                    unpackZip(buffered, unpacking);
                    break;
                case TAR_GZIP:
                    unpackTar(new GZIPInputStream(buffered, GZIP_INPUT_BUFFER), unpacking, format);
                    break;
                default:
                    unpackTar(buffered, unpacking, format);
            }
            unpacking.createLinks();
            done = true;
            return new Extraction(format, unpacking.files, unpacking.bytes);
        } finally {
            if (!done) {
                deleteTree(target);
            }
        }
    }

    private void unpackTar(InputStream decompressed, Unpacking unpacking, ArchiveFormat format)
            throws InvalidArchiveException, IOException {
        Limited raw = new Limited(decompressed, limits.maxRawBytes());
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(raw);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    unpacking.directory(name);
                } else if (entry.isSymbolicLink()) {
                    unpacking.symlink(name, entry.getLinkName());
                } else if (entry.isLink()) {
                    throw new InvalidArchiveException(
                            "contains a hard link " + shown(name) + "; hard links are not accepted");
                } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    throw new InvalidArchiveException("contains a device or special file " + shown(name)
                            + "; only files, directories and" + " symbolic links are accepted");
                } else if (entry.isFile()) {
                    unpacking.file(name, tar, (entry.getMode() & 0111) != 0);
                } else {
                    throw new InvalidArchiveException("contains an entry of an unsupported type " + shown(name));
                }
            }
        } catch (IOException e) {
            if (raw.exceeded) {
                throw new InvalidArchiveException(limits.tooLarge());
            }
            if (e instanceof NoSuchFileException || e instanceof FileAlreadyExistsException) {
                throw new InvalidArchiveException("contains conflicting entries for the same path");
            }
            throw new InvalidArchiveException("could not be read as a "
                    + (format == ArchiveFormat.TAR ? "tar" : "tar.gz")
                    + " archive; it is damaged or truncated");
        }
    }

    private void unpackZip(InputStream in, Unpacking unpacking) throws InvalidArchiveException, IOException {
        try {
            ZipArchiveInputStream zip = new ZipArchiveInputStream(in, "UTF-8", true, true);
            ZipArchiveEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    unpacking.directory(entry.getName());
                } else if (!zip.canReadEntryData(entry)) {
                    throw new InvalidArchiveException("contains " + shown(entry.getName())
                            + " stored with encryption or a compression method Sibyl cannot read");
                } else {
                    unpacking.file(entry.getName(), zip, false);
                }
            }
        } catch (ZipException e) {
            throw new InvalidArchiveException("could not be read as a zip archive; it is damaged or truncated");
        } catch (IOException e) {
            if (e instanceof NoSuchFileException || e instanceof FileAlreadyExistsException) {
                throw new InvalidArchiveException("contains conflicting entries for the same path");
            }
            throw new InvalidArchiveException("could not be read as a zip archive; it is damaged or truncated");
        }
    }

    /** The state of one extraction: counts, and the symbolic links created once all files are in place. */
    private final class Unpacking {
        final Path root;
        final List<String[]> links = new ArrayList<>();
        int files;
        int directories;
        long bytes;

        Unpacking(Path root) throws IOException {
            this.root = root.toRealPath();
        }

        void directory(String name) throws InvalidArchiveException, IOException {
            String relative = relative(name);
            if (relative.isEmpty()) {
                return;
            }
            if (++directories > limits.maxFiles()) {
                throw new InvalidArchiveException(limits.tooManyFiles());
            }
            directories(relative);
        }

        void file(String name, InputStream content, boolean executable) throws InvalidArchiveException, IOException {
            String relative = relative(name);
            if (relative.isEmpty()) {
                throw new InvalidArchiveException("contains a file entry without a name");
            }
            countFile();
            Path file = root.resolve(relative);
            Path parent = file.getParent();
            if (!parent.equals(root)) {
                directories(root.relativize(parent).toString());
            }
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidArchiveException("contains conflicting entries for " + shown(name));
            }
            byte[] buffer = new byte[BUFFER];
            try (OutputStream out = Files.newOutputStream(
                    file,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                int n;
                while ((n = content.read(buffer)) > 0) {
                    bytes += n;
                    if (bytes > limits.maxBytes()) {
                        throw new InvalidArchiveException(limits.tooLarge());
                    }
                    out.write(buffer, 0, n);
                }
            }
            Files.setPosixFilePermissions(
                    file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        }

        void symlink(String name, String target) throws InvalidArchiveException {
            String relative = relative(name);
            if (relative.isEmpty()) {
                throw new InvalidArchiveException("contains a symbolic link without a name");
            }
            countFile();
            if (target == null || target.isEmpty() || target.length() > MAX_LINK_TARGET || target.indexOf('\0') >= 0) {
                throw new InvalidArchiveException(
                        "contains a symbolic link " + shown(name) + " with an invalid target");
            }
            if (isAbsolute(target)) {
                throw outside(name);
            }
            Path lexical = root.resolve(relative).getParent().resolve(target).normalize();
            if (!lexical.startsWith(root)) {
                throw outside(name);
            }
            links.add(new String[] {name, relative, target});
        }

        /**
         * Creates the links after every file exists, each in a directory reached without following a link,
         * then checks that every link really resolves inside the root (links may chain through links).
         */
        void createLinks() throws InvalidArchiveException, IOException {
            for (String[] link : links) {
                Path path = root.resolve(link[1]);
                Path parent = path.getParent();
                if (!parent.equals(root)) {
                    directories(root.relativize(parent).toString());
                }
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new InvalidArchiveException("contains conflicting entries for " + shown(link[0]));
                }
                Files.createSymbolicLink(path, path.getFileSystem().getPath(link[2]));
            }
            for (String[] link : links) {
                Path path = root.resolve(link[1]);
                if (!resolvesInside(path.getParent().resolve(link[2]))) {
                    throw outside(link[0]);
                }
            }
        }

        private boolean resolvesInside(Path target) throws IOException {
            Path existing = target;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return false;
            }
            return existing.toRealPath().startsWith(root);
        }

        private void countFile() throws InvalidArchiveException {
            if (++files > limits.maxFiles()) {
                throw new InvalidArchiveException(limits.tooManyFiles());
            }
        }

        /** Creates the directories of {@code relative} one by one, refusing to pass through anything else. */
        private void directories(String relative) throws InvalidArchiveException, IOException {
            Path current = root;
            for (Path part : root.getFileSystem().getPath(relative)) {
                current = current.resolve(part);
                if (Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                    throw new InvalidArchiveException("contains conflicting entries for "
                            + shown(root.relativize(current).toString()));
                }
                Files.createDirectory(current);
            }
        }
    }

    /**
     * The entry name as a clean relative path ({@code a/b/c}, empty for the root), or a refusal for absolute
     * names and {@code ..} segments. Backslashes count as separators in these checks (archives made on
     * Windows).
     */
    static String relative(String name) throws InvalidArchiveException {
        if (name == null || name.indexOf('\0') >= 0) {
            throw new InvalidArchiveException("contains an entry with an invalid name");
        }
        if (isAbsolute(name)) {
            throw new InvalidArchiveException(
                    "contains an absolute path " + shown(name) + "; entries must be relative to the code directory");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new InvalidArchiveException("contains a path leaving the code directory " + shown(name));
            }
        }
        List<String> parts = new ArrayList<>();
        for (String segment : name.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                parts.add(segment);
            }
        }
        return String.join("/", parts);
    }

    private static boolean isAbsolute(String path) {
        return path.startsWith("/")
                || path.startsWith("\\")
                || (path.length() >= 2 && Character.isLetter(path.charAt(0)) && path.charAt(1) == ':');
    }

    private static InvalidArchiveException outside(String name) {
        return new InvalidArchiveException(
                "contains a symbolic link " + shown(name) + " pointing outside the code directory");
    }

    private static String shown(String name) {
        StringBuilder out = new StringBuilder("'");
        name.codePoints().limit(MAX_SHOWN_NAME).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        if (name.length() > MAX_SHOWN_NAME) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** Removes a directory tree without following symbolic links. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Counts bytes read and fails once more than {@code limit} have been read. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long count;
        boolean exceeded;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            add(skipped);
            return skipped;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > limit) {
                exceeded = true;
                throw new IOException("more than " + limit + " bytes");
            }
        }
    }
}
