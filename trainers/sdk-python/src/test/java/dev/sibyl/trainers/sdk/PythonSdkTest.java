package dev.sibyl.trainers.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonSdkTest {
    @TempDir
    Path dir;

    @Test
    void indexListsEveryFileOfThePythonPackage() throws IOException {
        Path sources = Path.of("src/main/python");
        List<String> onDisk;
        try (Stream<Path> files = Files.walk(sources)) {
            onDisk = files.filter(Files::isRegularFile)
                    .map(p -> sources.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.contains("__pycache__") && !p.endsWith(".pyc"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertThat(PythonSdk.files()).containsExactlyInAnyOrderElementsOf(onDisk);
    }

    @Test
    void extractedPackageIsImportableByPython() throws Exception {
        Path root = PythonSdk.extractTo(dir.resolve("sdk"));

        ProcessBuilder pb = new ProcessBuilder(
                "python3",
                "-c",
                "import nni, nni.utils; print(nni.__version__, nni.get_trial_id(), nni.get_next_parameter())");
        pb.environment().keySet().removeIf(k -> k.startsWith("NNI_"));
        pb.environment().put("PYTHONPATH", root.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.redirectErrorStream(true);
        Process python = pb.start();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(python.exitValue()).as(output).isZero();
        assertThat(output).contains("3.0+sibyl STANDALONE {}");
    }

    @Test
    void extractionIsIdempotentAndRepairsChangedFiles() throws IOException {
        Path root = PythonSdk.extractTo(dir);
        Path init = root.resolve("nni/__init__.py");
        Path trial = root.resolve("nni/trial.py");
        String original = Files.readString(trial);
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(init, old);
        Files.writeString(trial, "broken");

        PythonSdk.extractTo(dir);

        assertThat(Files.getLastModifiedTime(init)).isEqualTo(old);
        assertThat(Files.readString(trial)).isEqualTo(original);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).count())
                    .isEqualTo(PythonSdk.files().size());
        }
    }
}
