package dev.sibyl.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds code archives in tests, well-formed or hostile, byte for byte under the test's control. */
public final class TestArchives {
    private TestArchives() {}

    /** The files of {@code examples/<name>/} in the repository, by relative name. */
    public static Map<String, byte[]> example(String name) {
        Path dir = repositoryRoot().resolve("examples").resolve(name);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (var paths = Files.list(dir)) {
            for (Path p : paths.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    public static String exampleText(String example, String file) {
        return new String(example(example).get(file), StandardCharsets.UTF_8);
    }

    public static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "no examples/ directory above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    public static byte[] tarGz(Map<String, byte[]> files) {
        Tar tar = tar();
        files.forEach(tar::file);
        return tar.gzipped();
    }

    public static Tar tar() {
        return new Tar();
    }

    /** A tar written entry by entry, in order, including entries no honest archiver would write. */
    public static final class Tar {
        private final List<TarArchiveEntry> entries = new ArrayList<>();
        private final List<byte[]> contents = new ArrayList<>();

        public Tar file(String name, byte[] content) {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(content.length);
            e.setMode(0100644);
            return add(e, content);
        }

        public Tar file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }

        public Tar executable(String name, String content) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(bytes.length);
            e.setMode(0100755);
            return add(e, bytes);
        }

        public Tar directory(String name) {
            return add(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true), null);
        }

        public Tar symlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            e.setLinkName(target);
            return add(e, null);
        }

        public Tar hardLink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
            e.setLinkName(target);
            return add(e, null);
        }

        public Tar characterDevice(String name) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
            e.setDevMajor(1);
            e.setDevMinor(3);
            return add(e, null);
        }

        public Tar fifo(String name) {
            return add(new TarArchiveEntry(name, TarConstants.LF_FIFO, true), null);
        }

        /** A file of {@code size} zero bytes, streamed (never held in memory). */
        public Tar zeros(String name, long size) {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(size);
            return add(e, new byte[0]);
        }

        private Tar add(TarArchiveEntry entry, byte[] content) {
            entries.add(entry);
            contents.add(content);
            return this;
        }

        public byte[] plain() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeTo(out);
            return out.toByteArray();
        }

        public byte[] gzipped() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                writeTo(gz);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        private void writeTo(OutputStream out) {
            try {
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                byte[] zeros = new byte[64 * 1024];
                for (int i = 0; i < entries.size(); i++) {
                    TarArchiveEntry e = entries.get(i);
                    tar.putArchiveEntry(e);
                    byte[] content = contents.get(i);
                    if (content != null && content.length > 0) {
                        tar.write(content);
                    } else if (content != null && e.getSize() > 0) {
                        long left = e.getSize();
                        while (left > 0) {
                            int n = (int) Math.min(zeros.length, left);
                            tar.write(zeros, 0, n);
                            left -= n;
                        }
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
