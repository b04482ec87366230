package dev.sibyl.server.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.server.testing.TestArchives;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractorTest {
    private static final ArchiveLimits SMALL = new ArchiveLimits(5, 1000);

    @TempDir
    Path tmp;

    private ArchiveExtractor.Extraction extract(byte[] archive, ArchiveLimits limits)
            throws IOException, InvalidArchiveException {
        return new ArchiveExtractor(limits).extract(new ByteArrayInputStream(archive), tmp.resolve("out"));
    }

    private void assertRefused(byte[] archive, ArchiveLimits limits, String message) {
        assertThatThrownBy(() -> extract(archive, limits))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessageContaining(message);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void unpacksFilesDirectoriesExecutableBitsAndInternalSymlinks() throws Exception {
        byte[] archive = TestArchives.tar()
                .directory("pkg")
                .file("pkg/model.py", "x = 1\n")
                .executable("run.sh", "#!/bin/sh\n")
                .file("./data/values.txt", "42")
                .symlink("latest", "data/values.txt")
                .symlink("pkg/up", "../data")
                .gzipped();
        ArchiveExtractor.Extraction result = extract(archive, new ArchiveLimits(100, 10_000));
        Path out = tmp.resolve("out");
        assertThat(result.format()).isEqualTo(ArchiveFormat.TAR_GZIP);
        assertThat(result.files()).isEqualTo(5);
        assertThat(result.bytes()).isEqualTo(6 + 10 + 2);
        assertThat(out.resolve("pkg/model.py")).hasContent("x = 1\n");
        assertThat(Files.getPosixFilePermissions(out.resolve("run.sh"))).contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(Files.getPosixFilePermissions(out.resolve("pkg/model.py")))
                .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
        assertThat(Files.isSymbolicLink(out.resolve("latest"))).isTrue();
        assertThat(out.resolve("latest")).hasContent("42");
        assertThat(out.resolve("pkg/up/values.txt")).hasContent("42");
    }

    @Test
    void unpacksPlainTarAndZip() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.py", "print(1)".getBytes(StandardCharsets.UTF_8));
        files.put("dir/b.json", "{}".getBytes(StandardCharsets.UTF_8));
        byte[] tar = TestArchives.tar()
                .file("a.py", "print(1)")
                .file("dir/b.json", "{}")
                .plain();
        assertThat(extract(tar, SMALL).format()).isEqualTo(ArchiveFormat.TAR);
        ArchiveExtractor.deleteTree(tmp.resolve("out"));
        ArchiveExtractor.Extraction zip = extract(TestArchives.zip(files), SMALL);
        assertThat(zip.format()).isEqualTo(ArchiveFormat.ZIP);
        assertThat(tmp.resolve("out/dir/b.json")).hasContent("{}");
    }

    @Test
    void refusesParentSegmentsInAnyForm() {
        assertRefused(TestArchives.tar().file("../evil.py", "x").gzipped(), SMALL, "leaving the code directory");
        assertRefused(TestArchives.tar().file("a/../../evil.py", "x").gzipped(), SMALL, "'a/../../evil.py'");
        assertRefused(TestArchives.tar().file("a\\..\\..\\evil.py", "x").gzipped(), SMALL, "leaving");
        assertRefused(TestArchives.zip(Map.of("../evil.py", new byte[] {1})), SMALL, "leaving the code directory");
    }

    @Test
    void refusesAbsolutePaths() {
        assertRefused(
                TestArchives.tar().file("/etc/cron.d/evil", "x").gzipped(), SMALL, "absolute path '/etc/cron.d/evil'");
        assertRefused(TestArchives.zip(Map.of("/tmp/evil", new byte[] {1})), SMALL, "absolute path");
    }

    @Test
    void refusesSymlinksThatLeaveTheRootDirectlyAbsolutelyOrThroughOtherLinks() {
        assertRefused(TestArchives.tar().symlink("etc", "../../etc").gzipped(), SMALL, "pointing outside");
        assertRefused(TestArchives.tar().symlink("passwd", "/etc/passwd").gzipped(), SMALL, "pointing outside");
        // "s" points at the root itself, so "s/.." is the root's parent although it reads as inside.
        assertRefused(
                TestArchives.tar().symlink("s", ".").symlink("t", "s/..").gzipped(), SMALL, "'t' pointing outside");
        // A link used as a directory by a later entry would let that entry land wherever the link points.
        assertRefused(
                TestArchives.tar()
                        .symlink("d", "sub")
                        .directory("sub")
                        .symlink("d/x", "y")
                        .gzipped(),
                SMALL,
                "conflicting entries for 'd'");
    }

    @Test
    void refusesEveryHardLinkAndSpecialFile() {
        assertRefused(
                TestArchives.tar().file("a.txt", "x").hardLink("b.txt", "a.txt").gzipped(), SMALL, "hard link 'b.txt'");
        assertRefused(TestArchives.tar().characterDevice("null").gzipped(), SMALL, "device or special file 'null'");
        assertRefused(TestArchives.tar().fifo("pipe").gzipped(), SMALL, "device or special file 'pipe'");
    }

    @Test
    void refusesMoreFilesThanTheLimitWithNnisWording() {
        TestArchives.Tar tar = TestArchives.tar();
        for (int i = 0; i < 6; i++) {
            tar.file("f" + i + ".py", "x");
        }
        assertRefused(tar.gzipped(), SMALL, "contains too many files (more than 5)");
    }

    @Test
    void refusesMoreBytesThanTheLimitWithNnisWording() {
        byte[] big = new byte[1001];
        assertRefused(TestArchives.tar().file("big.bin", big).gzipped(), SMALL, "is too large (more than 1000 bytes)");
        byte[] split = new byte[600];
        assertRefused(
                TestArchives.tar().file("a.bin", split).file("b.bin", split).gzipped(), SMALL, "is too large");
        assertThat(new ArchiveLimits(2000, 300L * 1024 * 1024).tooLarge()).isEqualTo("is too large (more than 300MB)");
        assertThat(new ArchiveLimits(2000, 1).tooManyFiles()).isEqualTo("contains too many files (more than 2000)");
    }

    @Test
    void stopsAGzipBombAfterReadingLittleOfIt() throws Exception {
        long declared = 256L * 1024 * 1024;
        byte[] bomb = TestArchives.tar().zeros("zeros.bin", declared).gzipped();
        assertThat(bomb.length).isLessThan(1024 * 1024);
        CountingStream counted = new CountingStream(new ByteArrayInputStream(bomb));
        long started = System.nanoTime();
        assertThatThrownBy(() ->
                        new ArchiveExtractor(new ArchiveLimits(5, 1024 * 1024)).extract(counted, tmp.resolve("out")))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage("is too large (more than 1MB)");
        // 1 MiB of zeros deflates to about 1 KiB; reading stops there, long before the end of the bomb.
        assertThat(counted.count).isLessThan(bomb.length / 10);
        assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void refusesWhatIsNotAnArchiveAndDamagedArchives() {
        assertRefused("trialCommand: python3 x.py".getBytes(StandardCharsets.UTF_8), SMALL, "is not a tar, tar.gz");
        byte[] archive = TestArchives.tar().file("a.py", new byte[800]).gzipped();
        assertRefused(Arrays.copyOf(archive, archive.length / 2), SMALL, "damaged or truncated");
    }

    @Test
    void refusesAFileThatIsAlsoADirectory() {
        assertRefused(TestArchives.tar().file("a", "x").file("a/b", "y").gzipped(), SMALL, "conflicting entries");
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
