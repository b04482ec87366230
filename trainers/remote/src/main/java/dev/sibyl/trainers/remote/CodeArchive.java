package dev.sibyl.trainers.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tar archive built in memory, named by the SHA-256 of its content so that an archive uploaded once to a machine
 * is recognised and not sent again. Entries keep the executable bit; times are zero, so equal trees give equal
 * archives.
 */
record CodeArchive(byte[] bytes, String digest) {
    /** NNI's limit on trial code (300 MB after .nniignore). */
    static final long MAX_BYTES = 300L * 1024 * 1024;

    /** The tree under {@code directory} (regular files, directories, symbolic links as links). */
    static CodeArchive ofDirectory(Path directory) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = tarOver(out)) {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(directory)) {
                        put(tar, directory.relativize(dir) + "/", dir, null);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = directory.relativize(file).toString();
                    if (attrs.isSymbolicLink()) {
                        TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                        link.setLinkName(Files.readSymbolicLink(file).toString());
                        link.setModTime(0);
                        tar.putArchiveEntry(link);
                        tar.closeArchiveEntry();
                    } else if (attrs.isRegularFile()) {
                        put(tar, name, file, Files.readAllBytes(file));
                        if (out.size() > MAX_BYTES) {
                            throw new IOException("trial code in " + directory + " is larger than 300 MB");
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return of(out.toByteArray());
    }

    /** Named in-memory files (path in the archive to content), all mode 0600. */
    static CodeArchive ofFiles(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = tarOver(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                put(tar, file.getKey(), null, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(out.toByteArray());
    }

    private static CodeArchive of(byte[] bytes) {
        try {
            return new CodeArchive(
                    bytes,
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static TarArchiveOutputStream tarOver(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }

    /** @param source the file or directory whose permissions are copied, or null for a private file */
    private static void put(TarArchiveOutputStream tar, String name, Path source, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setModTime(0);
        entry.setMode(source == null ? 0100600 : mode(source, content == null));
        if (content != null) {
            entry.setSize(content.length);
        }
        tar.putArchiveEntry(entry);
        if (content != null) {
            tar.write(content);
        }
        tar.closeArchiveEntry();
    }

    private static int mode(Path source, boolean directory) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(source, LinkOption.NOFOLLOW_LINKS);
        boolean executable = permissions.contains(PosixFilePermission.OWNER_EXECUTE);
        if (directory) {
            return 040755;
        }
        return executable ? 0100755 : 0100644;
    }
}
