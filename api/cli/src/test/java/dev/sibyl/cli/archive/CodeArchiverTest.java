package dev.sibyl.cli.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeArchiverTest {

    @TempDir
    Path temp;

    private Path code;
    private Path archive;

    @org.junit.jupiter.api.BeforeEach
    void createDirectories() throws IOException {
        code = Files.createDirectories(temp.resolve("mnist"));
        archive = temp.resolve("code.tar.gz");
    }

    @Test
    void leavesEntriesMatchedByNniignoreOutOfTheArchive() throws Exception {
        write(".nniignore", "# keep the archive small\ndata/\n*.pyc\nlogs\n!logs.md\n");
        write("trial.py", "import nni\n");
        write("logs.md", "notes");
        write("data/train.bin", "0123456789");
        write("logs/run1.log", "noise");
        write("model/net.py", "class Net: pass\n");
        write("model/net.cpython-311.pyc", "bytecode");
        write("model/data/readme.txt", "nested data dir is ignored too");

        PackedCode packed = new CodeArchiver().pack(code, archive);

        Map<String, Entry> entries = read(archive);
        assertThat(entries.keySet()).containsExactly(".nniignore", "logs.md", "model/net.py", "trial.py");
        assertThat(entries.get("trial.py").text()).isEqualTo("import nni\n");
        assertThat(entries.get("model/net.py").text()).isEqualTo("class Net: pass\n");
        assertThat(packed.fileCount()).isEqualTo(4);
        assertThat(packed.totalBytes()).isEqualTo(Files.size(code.resolve(".nniignore")) + 5 + 11 + 16);
    }

    @Test
    void packsEverythingWhenThereIsNoNniignore() throws Exception {
        write("trial.py", "print(1)\n");
        write("sub/deeper/util.py", "x = 1\n");
        write(".git/HEAD", "ref: refs/heads/main\n"); // NNI does not ignore .git by default

        new CodeArchiver().pack(code, archive);

        assertThat(read(archive).keySet()).containsExactly(".git/HEAD", "sub/deeper/util.py", "trial.py");
    }

    @Test
    void keepsTheExecutableBitOfScripts() throws Exception {
        Path script = write("run.sh", "#!/bin/sh\necho hi\n");
        write("plain.txt", "text");
        assumeThat(script.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        new CodeArchiver().pack(code, archive);

        Map<String, Entry> entries = read(archive);
        assertThat(entries.get("run.sh").mode() & 0777).isEqualTo(0755);
        assertThat(entries.get("plain.txt").mode() & 0777).isEqualTo(0644);
    }

    @Test
    void acceptsExactlyTwoThousandFiles() throws Exception {
        for (int i = 0; i < 2000; i++) {
            write("f/" + i + ".txt", "");
        }

        assertThat(new CodeArchiver().pack(code, archive).fileCount()).isEqualTo(2000);
        assertThat(read(archive)).hasSize(2000);
    }

    @Test
    void refusesMoreThanTwoThousandFilesWithNnisMessage() throws Exception {
        for (int i = 0; i < 2001; i++) {
            write("f/" + i + ".txt", "");
        }

        assertThatThrownBy(() -> new CodeArchiver().pack(code, archive))
                .isInstanceOf(ArchiveRejectedException.class)
                .hasMessage(code.toAbsolutePath() + " contains too many files (more than 2000)");
        assertThat(archive).doesNotExist();
    }

    @Test
    void countsFilesOnlyAfterIgnoring() throws Exception {
        write(".nniignore", "cache/\n");
        for (int i = 0; i < 2500; i++) {
            write("cache/" + i, "");
        }
        write("trial.py", "");

        assertThat(new CodeArchiver().pack(code, archive).fileCount()).isEqualTo(2);
    }

    @Test
    void refusesMoreThanThreeHundredMegabytesWithNnisMessage() throws Exception {
        sparse("weights.bin", 300L * 1024 * 1024 + 1);

        assertThatThrownBy(() -> new CodeArchiver().pack(code, archive))
                .isInstanceOf(ArchiveRejectedException.class)
                .hasMessage(code.toAbsolutePath() + " is too large (more than 300MB)");
    }

    @Test
    void ignoredLargeFilesDoNotCountAgainstTheSizeLimit() throws Exception {
        write(".nniignore", "*.bin\n");
        sparse("weights.bin", 400L * 1024 * 1024);
        write("trial.py", "import nni\n");

        PackedCode packed = new CodeArchiver().pack(code, archive);

        assertThat(read(archive).keySet()).containsExactly(".nniignore", "trial.py");
        assertThat(packed.totalBytes()).isLessThan(100);
    }

    @Test
    void sizeLimitIsInclusive() throws Exception {
        write("a", "x".repeat(60));
        write("b", "y".repeat(40));

        assertThat(new CodeArchiver(10, 100).pack(code, archive).totalBytes()).isEqualTo(100);

        write("c", "z");
        assertThatThrownBy(() -> new CodeArchiver(10, 100).pack(code, archive))
                .hasMessage(code.toAbsolutePath() + " is too large (more than 100 bytes)");
    }

    @Test
    void storesSymlinksAsLinksAndNeverFollowsThem() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "must not be uploaded");
        write("trial.py", "import nni\n");
        Files.createSymbolicLink(code.resolve("secret-link"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(code.resolve("outside-dir"), outside);
        Files.createSymbolicLink(code.resolve("loop"), Path.of("."));
        Files.createSymbolicLink(code.resolve("relative.py"), Path.of("trial.py"));

        PackedCode packed = new CodeArchiver().pack(code, archive);

        Map<String, Entry> entries = read(archive);
        assertThat(entries.keySet()).containsExactly("loop", "outside-dir", "relative.py", "secret-link", "trial.py");
        assertThat(entries.get("secret-link").symlinkTarget())
                .isEqualTo(outside.resolve("secret.txt").toString());
        assertThat(entries.get("secret-link").text()).isEmpty();
        assertThat(entries.get("outside-dir").symlinkTarget()).isEqualTo(outside.toString());
        assertThat(entries.get("loop").symlinkTarget()).isEqualTo(".");
        assertThat(entries.get("relative.py").symlinkTarget()).isEqualTo("trial.py");
        assertThat(packed.symlinks()).containsExactly("loop", "outside-dir", "relative.py", "secret-link");
    }

    @Test
    void ignoredSymlinksAreLeftOut() throws Exception {
        write(".nniignore", "venv\n");
        write("trial.py", "");
        Files.createSymbolicLink(code.resolve("venv"), temp);

        PackedCode packed = new CodeArchiver().pack(code, archive);

        assertThat(read(archive).keySet()).containsExactly(".nniignore", "trial.py");
        assertThat(packed.symlinks()).isEmpty();
    }

    @Test
    void skipsNamedPipes() throws Exception {
        write("trial.py", "");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", code.resolve("pipe").toString()).start();
        } catch (IOException noMkfifo) {
            assumeThat(false).as("mkfifo available").isTrue();
            return;
        }
        assumeThat(mkfifo.waitFor()).isZero();

        PackedCode packed = new CodeArchiver().pack(code, archive);

        assertThat(read(archive).keySet()).containsExactly("trial.py");
        assertThat(packed.skipped()).containsExactly("pipe");
    }

    @Test
    void keepsLongAndNonAsciiNames() throws Exception {
        String longName = "deep/" + "d".repeat(120) + "/" + "n".repeat(110) + ".py";
        write(longName, "long");
        write("données/é.txt", "accent");

        new CodeArchiver().pack(code, archive);

        Map<String, Entry> entries = read(archive);
        assertThat(entries.get(longName).text()).isEqualTo("long");
        assertThat(entries.get("données/é.txt").text()).isEqualTo("accent");
    }

    private Path write(String relative, String content) throws IOException {
        Path file = code.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private void sparse(String relative, long size) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(code.resolve(relative).toFile(), "rw")) {
            file.setLength(size);
        }
    }

    record Entry(int mode, String symlinkTarget, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    static Map<String, Entry> read(Path archive) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream file = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.put(
                        entry.getName(),
                        new Entry(
                                entry.getMode(),
                                entry.isSymbolicLink() ? entry.getLinkName() : null,
                                tar.readAllBytes()));
            }
        }
        return entries;
    }
}
